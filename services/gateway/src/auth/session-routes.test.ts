import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { revokeApiToken } from '@baton/db'
import { createGatewayApp } from '../app/create-gateway-app.ts'
import { createGatewayFixture, type GatewayFixture } from '../testing/gateway-fixture.ts'

let f: GatewayFixture
beforeAll(async () => {
  f = await createGatewayFixture()
})
afterAll(() => f?.close())

const SELF = 'http://localhost'
const json = { 'content-type': 'application/json', accept: 'application/json' }

/** Signs in through POST /auth/session; returns the response and the `name=value` cookie it set. */
async function signIn(
  token: string,
  o: {
    url?: string
    headers?: Record<string, string>
    app?: { request: typeof f.app.request }
  } = {}
) {
  const res = await (o.app ?? f.app).request(o.url ?? '/auth/session', {
    method: 'POST',
    headers: { ...json, origin: SELF, ...o.headers },
    body: JSON.stringify({ token }),
  })
  const setCookie = res.headers.get('set-cookie') ?? ''
  return { res, setCookie, cookie: setCookie.split(';')[0]! }
}

const gql = (
  cookie: string,
  query: string,
  headers: Record<string, string> = { 'x-baton-csrf': '1', origin: SELF }
) =>
  f.app.request('/graphql', {
    method: 'POST',
    headers: { ...json, cookie, ...headers },
    body: JSON.stringify({ query }),
  })
const whoAmI = (cookie: string) => f.app.request('/auth/session', { headers: { cookie } })
const signedIn = async (cookie: string) =>
  ((await (await whoAmI(cookie)).json()) as { viewer: unknown }).viewer !== null

describe('console sessions over HTTP', () => {
  it('signs in with an API token, sets an HttpOnly SameSite=Strict cookie, answers GraphQL with it and signs out server-side', async () => {
    const { res, setCookie, cookie } = await signIn(await f.token('ADMIN'))
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ viewer: { name: 'test-admin', role: 'ADMIN', party: null } })
    expect(setCookie).toMatch(/^baton_session=[A-Za-z0-9_-]{40,};/)
    expect(setCookie).toContain('HttpOnly')
    expect(setCookie).toContain('SameSite=Strict')
    expect(setCookie).toContain('Path=/')
    expect(setCookie).not.toContain('Secure')

    expect(await (await whoAmI(cookie)).json()).toEqual({
      viewer: { name: 'test-admin', role: 'ADMIN', party: null },
    })
    const q = await gql(cookie, '{ parties { slug } }')
    expect(q.status).toBe(200)
    expect(
      ((await q.json()) as { data: { parties: unknown[] } }).data.parties.length
    ).toBeGreaterThan(3)

    const out = await f.app.request('/auth/session', {
      method: 'DELETE',
      headers: { cookie, 'x-baton-csrf': '1', origin: SELF },
    })
    expect(out.status).toBe(204)
    expect(out.headers.get('set-cookie')).toMatch(/^baton_session=;.*Max-Age=0/)
    const after = await whoAmI(cookie)
    expect([after.status, await after.json()]).toEqual([200, { viewer: null }])
    expect((await gql(cookie, '{ parties { slug } }')).status).toBe(401)
  })

  it('refuses an unknown token (401), a malformed body (400) and a sign-in posted from another site (403)', async () => {
    const bad = await signIn('bat_nope')
    expect(bad.res.status).toBe(401)
    expect(await bad.res.json()).toEqual({ error: { message: expect.any(String) } })
    expect(bad.setCookie).toBe('')
    const malformed = await f.app.request('/auth/session', {
      method: 'POST',
      headers: json,
      body: '{"tok":1}',
    })
    expect(malformed.status).toBe(400)
    expect(
      (await signIn(await f.token('VIEWER'), { headers: { origin: 'https://evil.example' } })).res
        .status
    ).toBe(403)
    expect(await signedIn('')).toBe(false)
  })

  it('marks the cookie Secure over https, and trusts X-Forwarded-Proto only behind a configured proxy', async () => {
    const token = await f.token('VIEWER')
    expect(
      (
        await signIn(token, {
          url: 'https://baton.example/auth/session',
          headers: { origin: 'https://baton.example' },
        })
      ).setCookie
    ).toContain('Secure')
    const forwarded = { 'x-forwarded-proto': 'https', origin: SELF }
    expect((await signIn(token, { headers: forwarded })).setCookie).not.toContain('Secure')
    const proxied = createGatewayApp({ ...f.app.graphql.deps, trustProxy: true })
    try {
      const { setCookie } = await signIn(token, {
        app: proxied,
        headers: { ...forwarded, origin: 'https://localhost' },
      })
      expect(setCookie).toContain('Secure')
    } finally {
      await proxied.close()
    }
  })

  it('refuses cookie-authenticated writes without X-Baton-CSRF: 1 or from another origin (403), lets reads and bearer tokens through', async () => {
    const admin = await f.token('ADMIN')
    const { cookie } = await signIn(admin)
    const query = '{ parties { slug } }'
    for (const headers of [
      {} as Record<string, string>,
      { origin: SELF },
      { 'x-baton-csrf': 'yes', origin: SELF },
      { 'x-baton-csrf': '1', origin: 'https://evil.example' },
      { 'x-baton-csrf': '1', 'sec-fetch-site': 'cross-site' },
      { 'x-baton-csrf': '1', referer: 'https://evil.example/page' },
    ]) {
      const res = await gql(cookie, query, headers)
      expect(res.status, JSON.stringify(headers)).toBe(403)
      expect(await res.json()).toMatchObject({ errors: [{ extensions: { code: 'FORBIDDEN' } }] })
    }
    for (const headers of [
      { 'x-baton-csrf': '1', 'sec-fetch-site': 'same-origin' } as Record<string, string>,
      { 'x-baton-csrf': '1', referer: `${SELF}/incidents/INC-1` },
      { 'x-baton-csrf': '1' },
    ]) {
      expect((await gql(cookie, query, headers)).status, JSON.stringify(headers)).toBe(200)
    }
    // Reads over GET need no header; a bearer token needs neither header nor origin.
    expect(
      (
        await f.app.request(`/graphql?query=${encodeURIComponent(query)}`, {
          headers: { cookie, accept: 'application/json' },
        })
      ).status
    ).toBe(200)
    expect(
      (
        await gql(cookie, query, {
          authorization: `Bearer ${admin}`,
          origin: 'https://evil.example',
        })
      ).status
    ).toBe(200)
    // Sign-out is a write too: refused without the header, and the session lives on.
    expect(
      (
        await f.app.request('/auth/session', {
          method: 'DELETE',
          headers: { cookie, origin: SELF },
        })
      ).status
    ).toBe(403)
    expect(await signedIn(cookie)).toBe(true)
  })

  it('stops a session once its token is revoked, here at once and elsewhere within the freshness bound', async () => {
    const admin = await f.token('ADMIN')
    const here = await f.token('VIEWER')
    const { cookie } = await signIn(here)
    expect(await signedIn(cookie)).toBe(true)
    const [mine] = await f.t.sql<
      { id: string }[]
    >`select id from api_tokens where token_hash = encode(sha256(${here}::bytea), 'hex')`
    const revoked = await f.gql(`mutation { revokeApiToken(id: "${mine!.id}") }`, { token: admin })
    expect(revoked.data).toEqual({ revokeApiToken: true })
    expect(await signedIn(cookie)).toBe(false)

    const elsewhere = await f.token('VIEWER')
    const other = await signIn(elsewhere)
    expect((await gql(other.cookie, '{ parties { slug } }')).status).toBe(200)
    const [row] = await f.t.sql<
      { id: string }[]
    >`select id from api_tokens where token_hash = encode(sha256(${elsewhere}::bytea), 'hex')`
    await revokeApiToken(f.t.db, row!.id)
    await expect
      .poll(async () => (await gql(other.cookie, '{ parties { slug } }')).status, { timeout: 3000 })
      .toBe(401)
  })

  it('scopes a VENDOR session like its token: its own incidents only, through the row-level-security path', async () => {
    const own = await f.seedIncident({ clientKey: 'session-own', holder: 'stratus' })
    await f.seedIncident({ clientKey: 'session-foreign', holder: 'vistula' })
    const { res, cookie } = await signIn(await f.token('VENDOR', 'stratus'))
    expect(await res.json()).toEqual({
      viewer: {
        name: 'test-vendor-stratus',
        role: 'VENDOR',
        party: { slug: 'stratus', name: 'Stratus Cloud' },
      },
    })
    const scope = f.app.graphql.vendorDb
    const begun: string[] = []
    const beginRequest = scope.beginRequest
    scope.beginRequest = (partyId) => {
      begun.push(partyId)
      return beginRequest(partyId)
    }
    try {
      const body = (await (
        await gql(cookie, '{ incidents(first: 50) { edges { node { key } } } }')
      ).json()) as { data: { incidents: { edges: { node: { key: string } }[] } } }
      expect(body.data.incidents.edges.map((e) => e.node.key)).toEqual([own.key])
    } finally {
      scope.beginRequest = beginRequest
    }
    expect(begun).toEqual([f.partyId('stratus')])
  })
})
