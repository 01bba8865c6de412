import { resolve } from 'node:path'
import { Hono, type Context } from 'hono'
import { consoleCsp, SECURITY_HEADERS } from './console-headers.ts'
import { createConsoleFiles, type ConsoleFile } from './console-files.ts'

/** services/console/dist of this checkout: the gateway serves the console's files, it never imports its code. */
export const DEFAULT_CONSOLE_DIST = resolve(import.meta.dirname, '../../../console/dist')

const API = /^\/(graphql|healthz|readyz|metrics|auth|\.well-known)(\/|$)/
const CLIENT_ROUTE = /^\/(signin|incidents(\/.*)?)?$/
const IMMUTABLE = 'public, max-age=31536000, immutable'

const notBuilt = (dist: string) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Baton console: not built</title></head>
<body><main><h1>The Baton console is not built yet</h1>
<p>The gateway serves the console from <code>${dist.replace(/[<>&"]/g, '')}</code>, which has no <code>index.html</code>.</p>
<p>Build it with <code>npm run build -w @baton/console</code> (<code>npm start</code> does this for you), then reload this page.</p>
<p>The API works meanwhile: GraphiQL is at <a href="/graphql">/graphql</a>.</p></main></body></html>
`

/**
 * The console's built files: hashed /assets/* cached for a year, and index.html (no-cache) for
 * `/`, the client routes and any other page a browser asks for that is not an API path. Mount
 * last: it answers every remaining GET for HTML.
 */
export function createConsoleRoutes(o: { distDir?: string; publicUrl: string }) {
  const files = createConsoleFiles(o.distDir ?? DEFAULT_CONSOLE_DIST)
  const app = new Hono()

  const secured = (c: Context) => {
    c.header('content-security-policy', consoleCsp(c.req.header('host'), o.publicUrl))
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) c.header(name, value)
  }
  const send = (c: Context, file: ConsoleFile, cacheControl: string) => {
    secured(c)
    c.header('cache-control', cacheControl)
    c.header('etag', file.etag)
    c.header('vary', 'accept-encoding')
    if (c.req.header('if-none-match') === file.etag) return c.body(null, 304)
    c.header('content-type', file.type)
    if (file.gzipped && /\bgzip\b/.test(c.req.header('accept-encoding') ?? '')) {
      c.header('content-encoding', 'gzip')
      return c.body(new Uint8Array(file.gzipped))
    }
    return c.body(new Uint8Array(file.body))
  }

  app.get('/assets/*', async (c) => {
    const file = await files.read(c.req.path)
    return file
      ? send(c, file, IMMUTABLE)
      : c.text('not found', 404, { 'x-content-type-options': 'nosniff' })
  })

  app.get('*', async (c) => {
    const path = c.req.path
    if (API.test(path)) return c.notFound()
    // A file at the top of dist (favicon, robots.txt): served, but revalidated.
    if (/^\/[^/]+\.[A-Za-z0-9]+$/.test(path) && path !== '/index.html') {
      const file = await files.read(path)
      if (file) return send(c, file, 'no-cache')
    }
    if (!CLIENT_ROUTE.test(path) && !(c.req.header('accept') ?? '').includes('text/html'))
      return c.notFound()
    const index = await files.read('/index.html')
    if (index) return send(c, index, 'no-cache')
    secured(c)
    return c.html(notBuilt(files.root), 503, { 'cache-control': 'no-store' })
  })

  return app
}
