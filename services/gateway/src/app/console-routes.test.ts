import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gunzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createGatewayApp, type GatewayApp } from './create-gateway-app.ts'
import { createConsoleFiles } from './console-files.ts'
import { createGatewayFixture, type GatewayFixture } from '../testing/gateway-fixture.ts'

let f: GatewayFixture
let app: GatewayApp
let missing: GatewayApp
const dist = mkdtempSync(join(tmpdir(), 'baton-console-dist-'))
const INDEX =
  '<!doctype html><html><head><script type="module" src="/assets/index-abc123.js"></script></head><body><div id="root"></div></body></html>'
const SCRIPT = `console.log(${JSON.stringify('baton '.repeat(400))})`

beforeAll(async () => {
  mkdirSync(join(dist, 'assets'))
  writeFileSync(join(dist, 'index.html'), INDEX)
  writeFileSync(join(dist, 'assets', 'index-abc123.js'), SCRIPT)
  writeFileSync(join(dist, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>')
  writeFileSync(join(tmpdir(), 'baton-outside-dist.txt'), 'secret')
  f = await createGatewayFixture()
  app = createGatewayApp({
    ...f.app.graphql.deps,
    consoleDist: dist,
    publicUrl: 'https://baton.example',
  })
  missing = createGatewayApp({ ...f.app.graphql.deps, consoleDist: join(dist, 'nope') })
})
afterAll(async () => {
  await app?.close()
  await missing?.close()
  await f?.close()
  rmSync(dist, { recursive: true, force: true })
})

const html = { accept: 'text/html,application/xhtml+xml' }

describe('the gateway serves the built console', () => {
  it('answers /, the client routes and other HTML pages with index.html, no-cache, a strict CSP and the security headers', async () => {
    for (const path of [
      '/',
      '/signin',
      '/incidents/INC-1000',
      '/incidents/INC-1000?tab=ledger',
      '/some/other/page',
    ]) {
      const res = await app.request(path, { headers: { ...html, host: '127.0.0.1:4000' } })
      expect(res.status, path).toBe(200)
      expect(await res.text()).toBe(INDEX)
      expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8')
      expect(res.headers.get('cache-control')).toBe('no-cache')
      expect(res.headers.get('content-security-policy')).toBe(
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; " +
          "connect-src 'self' ws://127.0.0.1:4000 wss://127.0.0.1:4000 ws://baton.example wss://baton.example; " +
          "frame-ancestors 'none'; base-uri 'none'; form-action 'self'; object-src 'none'"
      )
      expect(res.headers.get('x-content-type-options')).toBe('nosniff')
      expect(res.headers.get('referrer-policy')).toBe('same-origin')
      expect(res.headers.get('x-frame-options')).toBe('DENY')
    }
    // Client routes answer whatever the Accept; an unknown non-HTML path does not get the page.
    expect((await app.request('/incidents/INC-1000')).status).toBe(200)
    expect((await app.request('/nothing.json')).status).toBe(404)
  })

  it('serves hashed assets immutable for a year, gzipped when asked, and nothing outside dist', async () => {
    const res = await app.request('/assets/index-abc123.js', {
      headers: { 'accept-encoding': 'gzip, br' },
    })
    expect(res.status).toBe(200)
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable')
    expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8')
    expect(res.headers.get('content-encoding')).toBe('gzip')
    expect(gunzipSync(Buffer.from(await res.arrayBuffer())).toString()).toBe(SCRIPT)
    const plain = await app.request('/assets/index-abc123.js')
    expect(plain.headers.get('content-encoding')).toBeNull()
    expect(await plain.text()).toBe(SCRIPT)
    const again = await app.request('/assets/index-abc123.js', {
      headers: { 'if-none-match': plain.headers.get('etag')! },
    })
    expect(again.status).toBe(304)

    expect((await app.request('/assets/missing-000.js')).status).toBe(404)
    expect((await app.request('/assets/../../baton-outside-dist.txt')).status).toBe(404)
    expect((await app.request('/assets/%2e%2e/%2e%2e/baton-outside-dist.txt')).status).toBe(404)
    const files = createConsoleFiles(dist)
    for (const escape of [
      '/../baton-outside-dist.txt',
      '/assets/../../baton-outside-dist.txt',
      '/assets/\0x',
    ])
      expect(await files.read(escape), escape).toBeNull()
    expect(await files.read('/assets/index-abc123.js')).not.toBeNull()
    const icon = await app.request('/favicon.svg')
    expect([
      icon.status,
      icon.headers.get('content-type'),
      icon.headers.get('cache-control'),
    ]).toEqual([200, 'image/svg+xml', 'no-cache'])
  })

  it('leaves the API paths alone, and gives GraphiQL its own policy', async () => {
    expect(await (await app.request('/healthz', { headers: html })).json()).toEqual({ ok: true })
    expect(await (await app.request('/auth/session', { headers: html })).json()).toEqual({
      viewer: null,
    })
    expect((await app.request('/auth/other', { headers: html })).status).toBe(404)
    const graphiql = await app.request('/graphql', { headers: html })
    expect(graphiql.status).toBe(200)
    expect(await graphiql.text()).toContain('graphiql')
    const csp = graphiql.headers.get('content-security-policy')!
    expect(csp).toContain("frame-ancestors 'none'")
    expect(csp).toContain("connect-src 'self'")
    expect(csp).not.toMatch(/https?:\/\//)
    expect(graphiql.headers.get('x-content-type-options')).toBe('nosniff')
    const api = await f.app.request('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"query":"{ __typename }"}',
    })
    expect(api.headers.get('content-security-policy')).toBeNull()
  })

  it('answers 503 with how to build it when the console is not built, and keeps serving the API', async () => {
    const res = await missing.request('/', { headers: html })
    expect(res.status).toBe(503)
    expect(await res.text()).toContain('npm run build -w @baton/console')
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'")
    expect((await missing.request('/healthz')).status).toBe(200)
  })
})
