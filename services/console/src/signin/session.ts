import { z } from 'zod'

// The cookie session of the gateway (POST/GET/DELETE /auth/session). The API token is sent once
// in the sign-in request body and never kept in the browser: the session lives in an HttpOnly cookie.

export const ViewerSchema = z.object({
  name: z.string(),
  role: z.string(),
  party: z.object({ slug: z.string(), name: z.string() }).nullable(),
})
export type SessionViewer = z.infer<typeof ViewerSchema>

const SessionBody = z.object({ viewer: ViewerSchema })
const MaybeSessionBody = z.object({ viewer: ViewerSchema.nullable() })
const ErrorBody = z.object({ error: z.object({ message: z.string() }) })

/** Header every cookie-authenticated request other than GET carries (the gateway's CSRF check). */
export const CSRF_HEADER = { 'X-Baton-CSRF': '1' } as const

/** The signed-in viewer, or null when there is no valid session. */
export async function fetchSession(): Promise<SessionViewer | null> {
  const res = await fetch('/auth/session', {
    credentials: 'same-origin',
    headers: { Accept: 'application/json' },
  })
  if (res.status === 401) return null
  if (!res.ok) throw new Error(`GET /auth/session answered ${res.status}`)
  // Signed out is a 200 with viewer null: an expected state, not an error in the browser's console.
  return MaybeSessionBody.parse(await res.json()).viewer
}

export type SignInResult = { ok: true; viewer: SessionViewer } | { ok: false; message: string }

/** Exchanges an API token for a session cookie. */
export async function signIn(token: string): Promise<SignInResult> {
  const res = await fetch('/auth/session', {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json', ...CSRF_HEADER },
    body: JSON.stringify({ token }),
  })
  const body: unknown = await res.json().catch(() => null)
  if (res.ok) return { ok: true, viewer: SessionBody.parse(body).viewer }
  const parsed = ErrorBody.safeParse(body)
  return {
    ok: false,
    message: parsed.success ? parsed.data.error.message : `Sign-in failed (HTTP ${res.status})`,
  }
}

/** Ends the session server-side. */
export async function signOut(): Promise<void> {
  await fetch('/auth/session', {
    method: 'DELETE',
    credentials: 'same-origin',
    headers: CSRF_HEADER,
  })
}
