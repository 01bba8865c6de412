import type { MiddlewareHandler } from 'hono'

const HOST = /^[A-Za-z0-9.\-:[\]]+$/

/** The hosts a page may open graphql-ws sockets to: the one it was served from and the public URL's. */
function socketHosts(host: string | undefined, publicUrl: string): string[] {
  const hosts = new Set<string>()
  if (host && HOST.test(host)) hosts.add(host.toLowerCase())
  try {
    hosts.add(new URL(publicUrl).host)
  } catch {
    /* no usable public URL */
  }
  return [...hosts].flatMap((h) => [`ws://${h}`, `wss://${h}`])
}

/** The console's policy: its own files only, no inline script or style, never framed. */
export function consoleCsp(host: string | undefined, publicUrl: string): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    ['connect-src', "'self'", ...socketHosts(host, publicUrl)].join(' '),
    "frame-ancestors 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "object-src 'none'",
  ].join('; ')
}

/**
 * GraphiQL's page inlines its scripts and styles (so it works offline) and runs its editor's
 * workers from blob: URLs; it still loads nothing from elsewhere and is never framed.
 */
export const GRAPHIQL_CSP = [
  "default-src 'self'",
  "script-src 'self' 'unsafe-inline' 'unsafe-eval' blob:",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "object-src 'none'",
].join('; ')

/** Headers every console response carries besides its CSP. Referrer-Policy same-origin keeps Origin on same-origin POSTs (the CSRF check reads it). */
export const SECURITY_HEADERS: Record<string, string> = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'same-origin',
  'x-frame-options': 'DENY',
}

/** For /graphql: an HTML answer (GraphiQL) gets its own, looser policy and the security headers. */
export const graphiqlPolicy: MiddlewareHandler = async (c, next) => {
  await next()
  if (!(c.res.headers.get('content-type') ?? '').startsWith('text/html')) return
  c.res.headers.set('content-security-policy', GRAPHIQL_CSP)
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) c.res.headers.set(name, value)
}
