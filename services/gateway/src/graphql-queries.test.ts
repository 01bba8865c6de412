import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createGatewayFixture, type GatewayFixture } from './testing/gateway-fixture.ts'

let f: GatewayFixture
let admin: string
let viewer: string
let sentinel: string
let vistula: string
let sentinelIncident: { id: string; key: string }
let vistulaIncident: { id: string; key: string }

beforeAll(async () => {
  f = await createGatewayFixture()
  admin = await f.token('ADMIN')
  viewer = await f.token('VIEWER')
  sentinel = await f.token('VENDOR', 'sentinel')
  vistula = await f.token('VENDOR', 'vistula')
  sentinelIncident = await f.seedIncident({
    clientKey: 'q-sen',
    holder: 'sentinel',
    openedAt: '2026-03-06T20:00:00.000Z',
  })
  vistulaIncident = await f.seedIncident({
    clientKey: 'q-vis',
    holder: 'vistula',
    priority: 'P2',
    openedAt: '2026-03-06T21:00:00.000Z',
  })
  for (let i = 0; i < 5; i++)
    await f.seedIncident({
      clientKey: `q-stratus-${i}`,
      holder: 'stratus',
      priority: 'P3',
      openedAt: `2026-03-0${i + 1}T10:00:00.000Z`,
    })
})
afterAll(async () => {
  await f?.close()
})

describe('queries over HTTP', () => {
  it('lists the parties of the demo world with their desks', async () => {
    const r = await f.gql<{
      parties: { name: string; kind: string; desks: { slug: string; timeZone: string }[] }[]
    }>('{ parties { name kind desks { slug timeZone } } }', { token: viewer })
    expect(r.errors).toBeUndefined()
    expect(r.data!.parties.map((p) => p.name).sort()).toEqual([
      'Bayside Helpdesk',
      'Northwind Retail',
      'Sentinel SecOps',
      'Stratus Cloud',
      'Vistula Software',
    ])
    const sen = r.data!.parties.find((p) => p.name === 'Sentinel SecOps')!
    expect(sen.desks.map((d) => d.timeZone)).toEqual(['Asia/Kolkata', 'Asia/Kolkata'])
  })

  it('answers an incident with holder, custody, bonds and a timeline from the ledger', async () => {
    const r = await f.gql<{ incident: Record<string, unknown> }>(
      `query($id: ID!) { incident(id: $id) {
      key status priority openedAt holder { slug } breached custody { party { slug } from to state }
      bonds { party { slug } state } handoffs { id } escalations { id } clocks { id }
      timeline(first: 10) { nodes { seq type actor data hash } pageInfo { hasNextPage endCursor } } } }`,
      { token: admin, variables: { id: sentinelIncident.id } }
    )
    expect(r.errors).toBeUndefined()
    expect(r.data!.incident).toMatchObject({
      key: sentinelIncident.key,
      status: 'OPEN',
      priority: 'P1',
      openedAt: '2026-03-06T20:00:00.000Z',
      holder: { slug: 'sentinel' },
      breached: false,
      custody: [
        {
          party: { slug: 'sentinel' },
          from: '2026-03-06T20:00:00.000Z',
          to: null,
          state: 'working',
        },
      ],
      bonds: [{ party: { slug: 'sentinel' }, state: 'ACTIVE' }],
      timeline: {
        nodes: [{ seq: 1, type: 'opened', actor: 'northwind' }],
        pageInfo: { hasNextPage: false },
      },
    })
  })

  it('paginates incidents newest first with opaque cursors and filters', async () => {
    const all: string[] = []
    let after: string | null = null
    for (let page = 0; page < 5; page++) {
      const r: Awaited<
        ReturnType<
          typeof f.gql<{
            incidents: {
              nodes: { key: string; openedAt: string }[]
              pageInfo: { hasNextPage: boolean; endCursor: string | null }
            }
          }>
        >
      > = await f.gql(
        `query($after: String) { incidents(first: 3, after: $after) { nodes { key openedAt } pageInfo { hasNextPage endCursor } } }`,
        { token: admin, variables: { after } }
      )
      expect(r.errors).toBeUndefined()
      all.push(...r.data!.incidents.nodes.map((n) => n.openedAt))
      if (!r.data!.incidents.pageInfo.hasNextPage) break
      after = r.data!.incidents.pageInfo.endCursor
    }
    expect(all).toHaveLength(7)
    expect([...all].sort().reverse()).toEqual(all)
    const p3 = await f.gql<{ incidents: { nodes: { priority: string }[] } }>(
      '{ incidents(filter: { priority: [P3], openedAfter: "2026-03-03T00:00:00Z" }) { nodes { priority } } }',
      { token: admin }
    )
    expect(p3.data!.incidents.nodes).toHaveLength(3)
    const byHolder = await f.gql<{ incidents: { nodes: { key: string }[] } }>(
      'query($p: ID!) { incidents(filter: { holderPartyId: $p }) { nodes { key } } }',
      { token: admin, variables: { p: f.partyId('vistula') } }
    )
    expect(byHolder.data!.incidents.nodes.map((n) => n.key)).toEqual([vistulaIncident.key])
    const bad = await f.gql('{ incidents(after: "nonsense") { nodes { key } } }', { token: admin })
    expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT')
  })

  it('verifies the ledger hash chain', async () => {
    const r = await f.gql<{ verifyLedger: { ok: boolean; entriesChecked: number } }>(
      '{ verifyLedger { ok entriesChecked firstBrokenEntry { seq } } }',
      { token: viewer }
    )
    expect(r.data!.verifyLedger).toMatchObject({ ok: true, entriesChecked: 7 })
  })

  it('refuses a depth or cost beyond the limits', async () => {
    const deep = await f.gql(
      `{ incidents { nodes { ${'parent { '.repeat(12)}key${' }'.repeat(12)} } } }`,
      { token: admin }
    )
    expect(deep.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT')
    expect(deep.errors?.[0]?.message).toMatch(/depth/)
    const costly = await f.gql(
      '{ incidents(first: 200) { nodes { timeline(first: 200) { nodes { seq data } } } } }',
      { token: admin }
    )
    expect(costly.errors?.[0]?.message).toMatch(/cost/)
  })
})

describe('authentication and vendor scope', () => {
  it('answers UNAUTHENTICATED with 401 without a token or with an unknown one', async () => {
    for (const token of [null, 'bat_not-a-real-token']) {
      const r = await f.gql('{ parties { name } }', { token })
      expect(r.status).toBe(401)
      expect(r.data ?? null).toBeNull()
      expect(r.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED')
    }
  })

  it('shows a vendor only the incidents bonded to it, and NOT_FOUND or nothing for the rest', async () => {
    const list = await f.gql<{ incidents: { nodes: { key: string }[] } }>(
      '{ incidents { nodes { key } } }',
      { token: sentinel }
    )
    expect(list.data!.incidents.nodes.map((n) => n.key)).toEqual([sentinelIncident.key])
    const other = await f.gql<{ incident: unknown }>(
      'query($id: ID!) { incident(id: $id) { key } }',
      { token: sentinel, variables: { id: vistulaIncident.id } }
    )
    expect(other.data!.incident).toBeNull()
    const byKey = await f.gql<{ incidentByKey: unknown }>(
      'query($k: String!) { incidentByKey(key: $k) { key } }',
      { token: sentinel, variables: { k: vistulaIncident.key } }
    )
    expect(byKey.data!.incidentByKey).toBeNull()
    const byFilter = await f.gql<{ incidents: { nodes: unknown[] } }>(
      'query($p: ID!) { incidents(filter: { holderPartyId: $p }) { nodes { key } } }',
      { token: sentinel, variables: { p: f.partyId('vistula') } }
    )
    expect(byFilter.data!.incidents.nodes).toEqual([])
    const verify = await f.gql('query($id: ID!) { verifyLedger(incidentId: $id) { ok } }', {
      token: sentinel,
      variables: { id: vistulaIncident.id },
    })
    expect(verify.errors?.[0]?.extensions?.code).toBe('NOT_FOUND')
    const verifyAll = await f.gql('{ verifyLedger { ok } }', { token: sentinel })
    expect(verifyAll.errors?.[0]?.extensions?.code).toBe('FORBIDDEN')
    const ack = await f.gql(
      'mutation($id: ID!) { acknowledgeIncident(incidentId: $id) { status } }',
      { token: vistula, variables: { id: sentinelIncident.id } }
    )
    expect(ack.errors?.[0]?.extensions?.code).toBe('NOT_FOUND')
  })

  it('refuses introspection to vendor tokens only', async () => {
    const q = '{ __schema { queryType { name } } }'
    expect((await f.gql(q, { token: sentinel })).errors?.[0]?.message).toMatch(/introspection/i)
    expect((await f.gql<{ __schema: unknown }>(q, { token: viewer })).data?.__schema).toBeTruthy()
  })

  it('keeps VIEWER tokens read-only and token creation to admins', async () => {
    const ack = await f.gql(
      'mutation($id: ID!) { acknowledgeIncident(incidentId: $id) { status } }',
      { token: viewer, variables: { id: sentinelIncident.id } }
    )
    expect(ack.errors?.[0]?.extensions?.code).toBe('FORBIDDEN')
    const make =
      'mutation($p: ID) { createApiToken(input: { name: "ci", role: VENDOR, partyId: $p }) { id token role party { slug } } }'
    expect(
      (await f.gql(make, { token: viewer, variables: { p: f.partyId('stratus') } })).errors?.[0]
        ?.extensions?.code
    ).toBe('FORBIDDEN')
    const made = await f.gql<{
      createApiToken: { token: string; role: string; party: { slug: string } }
    }>(make, { token: admin, variables: { p: f.partyId('stratus') } })
    expect(made.data!.createApiToken).toMatchObject({ role: 'VENDOR', party: { slug: 'stratus' } })
    const me = await f.gql<{ viewer: { role: string; party: { slug: string } } }>(
      '{ viewer { role party { slug } } }',
      { token: made.data!.createApiToken.token }
    )
    expect(me.data!.viewer).toEqual({ role: 'VENDOR', party: { slug: 'stratus' } })
    const stored = await f.t
      .sql`select token_hash from api_tokens where token_hash = ${made.data!.createApiToken.token}`
    expect(stored).toHaveLength(0)
    const noParty = await f.gql(
      'mutation { createApiToken(input: { name: "x", role: VENDOR }) { id } }',
      { token: admin }
    )
    expect(noParty.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT')
  })

  it('masks unexpected faults as INTERNAL', async () => {
    const r = await f.gql(
      '{ scorecard(partyId: "x", from: "2026-03-01T00:00:00Z", to: "2026-04-01T00:00:00Z") { breaches } }',
      { token: admin }
    )
    expect(r.errors?.[0]?.extensions?.code).toBeDefined()
  })
})

describe('the console and health', () => {
  it('serves GraphiQL with inlined assets and the token help to a browser', async () => {
    const res = await f.app.request('/graphql', { headers: { accept: 'text/html' } })
    expect(res.status).toBe(200)
    const html = await res.text()
    expect(html).toContain('Baton console')
    expect(html).toContain('Authorization')
    expect(html).not.toMatch(/<script[^>]+src=["']https?:/)
    expect(html).not.toMatch(/<link[^>]+href=["']https?:/)
  })

  it('answers /healthz and /readyz', async () => {
    expect((await f.app.request('/healthz')).status).toBe(200)
    const ready = await f.app.request('/readyz')
    expect(await ready.json()).toMatchObject({ ok: true, postgres: 'ok', temporal: 'ok' })
  })
})
