import { Hono, type Context } from 'hono'
import { deleteCookie, setCookie } from 'hono/cookie'
import { z } from 'zod'
import { findPartyLabel, type Database } from '@baton/db'
import { SESSION_COOKIE, sessionIdOf, type ConsoleSessions } from './console-sessions.ts'
import { csrfRefusal } from './csrf.ts'
import { factsOfRequest, isHttps, sameOrigin, type OriginPolicy } from './request-origin.ts'
import type { TokenCache } from './token-cache.ts'
import type { Viewer } from './viewer.ts'

const SignIn = z.object({ token: z.string().min(1).max(1000) })

const failure = (c: Context, status: 400 | 401 | 403, message: string) =>
  c.json({ error: { message } }, status, { 'cache-control': 'no-store' })

/**
 * /auth/session: the console trades an API token for an HttpOnly session cookie (the token never
 * stays in the browser), reads who is signed in, and signs out (the session ends server-side).
 */
export function createSessionRoutes(o: {
  db: Database
  tokens: TokenCache
  sessions: ConsoleSessions
  policy: OriginPolicy
}) {
  const { sessions, policy } = o
  const viewerBody = async (viewer: Viewer) => ({
    viewer: {
      name: viewer.name,
      role: viewer.role,
      party: viewer.partyId ? await findPartyLabel(o.db, viewer.partyId) : null,
    },
  })
  const app = new Hono()

  app.post('/session', async (c) => {
    // No CSRF header asked here (there is no session yet), but a sign-in posted by another site is refused.
    if (sameOrigin(factsOfRequest(c.req.raw), policy) === 'cross')
      return failure(c, 403, "sign in from the gateway's own origin")
    const body = SignIn.safeParse(await c.req.json().catch(() => null))
    if (!body.success) return failure(c, 400, 'send JSON {"token": "<API token>"}')
    const viewer = await o.tokens.authenticate(`Bearer ${body.data.token}`)
    if (!viewer) return failure(c, 401, 'that API token is unknown or revoked')
    const previous = sessionIdOf(c.req.header('cookie'))
    if (previous) await sessions.end(previous)
    const { sessionId } = await sessions.open(viewer)
    setCookie(c, SESSION_COOKIE, sessionId, {
      httpOnly: true,
      sameSite: 'Strict',
      path: '/',
      secure: isHttps(factsOfRequest(c.req.raw), policy),
      maxAge: Math.floor(sessions.limits.absoluteMs / 1000),
    })
    c.header('cache-control', 'no-store')
    return c.json(await viewerBody(viewer))
  })

  // Signed out is an ordinary answer here (viewer null), not a 401: the console asks on every load.
  app.get('/session', async (c) => {
    const sessionId = sessionIdOf(c.req.header('cookie'))
    const viewer = sessionId ? await sessions.viewerOf(sessionId) : null
    c.header('cache-control', 'no-store')
    return c.json(viewer ? await viewerBody(viewer) : { viewer: null })
  })

  app.delete('/session', async (c) => {
    const sessionId = sessionIdOf(c.req.header('cookie'))
    if (sessionId) {
      const refused = csrfRefusal(c.req.method, factsOfRequest(c.req.raw), policy)
      if (refused) return failure(c, 403, refused)
      await sessions.end(sessionId)
    }
    deleteCookie(c, SESSION_COOKIE, {
      path: '/',
      httpOnly: true,
      sameSite: 'Strict',
      secure: isHttps(factsOfRequest(c.req.raw), policy),
    })
    return c.body(null, 204)
  })

  return app
}
