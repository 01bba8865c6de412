import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { PUBLIC_ONLY, guardedFetch, refusalOf } from './guarded-fetch.ts'

// Issue #19: the outbound address policy of vendor delivery and notification webhooks, on real
// HTTP servers on loopback: no redirect followed, link-local and metadata never, private and
// loopback only when allowed, judged on the address the socket connects to.
const hits: Record<string, number> = { target: 0, redirector: 0 }
let target: Server
let redirector: Server
const portOf = (s: Server) => (s.address() as AddressInfo).port
const listen = (s: Server) => new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()))

beforeAll(async () => {
  target = createServer((req, res) => {
    hits.target!++
    req.resume()
    res.writeHead(200, { 'content-type': 'text/plain' }).end('ok')
  })
  await listen(target)
  redirector = createServer((req, res) => {
    hits.redirector!++
    req.resume()
    res.writeHead(307, { location: `http://127.0.0.1:${portOf(target)}/steal` }).end()
  })
  await listen(redirector)
})
afterAll(async () => {
  for (const s of [target, redirector]) await new Promise((r) => s.close(r))
})

const LOOPBACK_DEMO = { allowPrivate: false, allowLoopback: true }
const post = (f: typeof fetch, url: string) =>
  f(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"x":1}' })
const causeOf = async (p: Promise<unknown>) => {
  try {
    await p
  } catch (e) {
    return String((e as { cause?: unknown }).cause ?? e)
  }
  return 'answered'
}

describe('outbound address policy (issue #19)', () => {
  it('does not follow redirects: a 307 is the answer, the other port is never posted to', async () => {
    const before = hits.target
    const res = await post(guardedFetch(LOOPBACK_DEMO), `http://127.0.0.1:${portOf(redirector)}/`)
    expect(res.status).toBe(307)
    expect(hits.target).toBe(before)
    // The platform's fetch would have followed it: what Baton did before.
    await post(fetch, `http://127.0.0.1:${portOf(redirector)}/`)
    expect(hits.target).toBe(before! + 1)
  })

  it('refuses loopback by default (production), by IP literal and by a name that resolves to it', async () => {
    const before = hits.target
    const strict = guardedFetch(PUBLIC_ONLY)
    for (const url of [
      `http://127.0.0.1:${portOf(target)}/`,
      `http://localhost:${portOf(target)}/`,
      `http://[::ffff:127.0.0.1]:${portOf(target)}/`,
    ])
      expect(await causeOf(post(strict, url))).toMatch(/outbound address policy: .*loopback/)
    expect(hits.target).toBe(before)
    // Allowed by configuration (the local demo), by name too.
    expect(
      (await post(guardedFetch(LOOPBACK_DEMO), `http://localhost:${portOf(target)}/`)).status
    ).toBe(200)
  })

  it('never reaches link-local or cloud-metadata addresses, whatever the deployment allows', async () => {
    const lax = guardedFetch({ allowPrivate: true, allowLoopback: true })
    for (const url of [
      'http://169.254.169.254/latest/meta-data/',
      'http://[fd00:ec2::254]/',
      'http://[fe80::1]/',
      'http://[::ffff:169.254.169.254]/',
      'http://100.100.100.200/',
    ])
      expect(await causeOf(post(lax, url))).toMatch(/link-local, metadata or reserved/)
  })

  it('refuses private ranges unless allowed', () => {
    for (const ip of ['10.1.2.3', '172.20.0.1', '192.168.1.1', '100.64.0.1', 'fd12::1'])
      expect(refusalOf(ip, PUBLIC_ONLY)).toMatch(/private/)
    expect(refusalOf('10.1.2.3', { allowPrivate: true, allowLoopback: false })).toBeNull()
    expect(refusalOf('93.184.216.34', PUBLIC_ONLY)).toBeNull()
  })
})
