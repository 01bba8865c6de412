import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { serve } from '@hono/node-server'
import { Hono } from 'hono'
import { createSchema, createYoga } from 'graphql-yoga'
import { incidentsByIds, ledgerEntriesByIncidentIds, type DbHandle } from '@baton/db'
import { authenticate, type Viewer } from '../auth/viewer.ts'
import { createVendorDbScope, releaseRequestConnection } from '../auth/vendor-db-scope.ts'
import { createLoaders } from '../loaders/create-loaders.ts'
import { createGatewayFixture, type GatewayFixture } from '../testing/gateway-fixture.ts'
import { serveGateway, type ServedGateway } from './serve-gateway.ts'
import { runAsVendor } from './vendor-request.ts'

type Gql = {
  data?: Record<string, unknown> | null
  errors?: { message: string; extensions?: { code?: string } }[]
}
const post = async (
  url: string,
  token: string,
  query: string,
  variables: Record<string, unknown> = {}
): Promise<Gql> => {
  const res = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/json',
      authorization: `Bearer ${token}`,
    },
    body: JSON.stringify({ query, variables }),
  })
  return (await res.json()) as Gql
}

let f: GatewayFixture
let own: { id: string; key: string }
let foreign: { id: string; key: string }
let vendor: string
let staff: string
beforeAll(async () => {
  f = await createGatewayFixture()
  own = await f.seedIncident({ clientKey: 'rls-own', holder: 'stratus' })
  foreign = await f.seedIncident({ clientKey: 'rls-foreign', holder: 'vistula' })
  vendor = await f.token('VENDOR', 'stratus')
  staff = await f.token('ADMIN')
})
afterAll(() => f?.close())

// The proof that one forgotten filter cannot leak: resolvers that apply no vendor scope at all,
// served over real HTTP through the gateway's own vendor path (authenticate -> runAsVendor).
const forgetful = createSchema<{ db: DbHandle }>({
  typeDefs: /* GraphQL */ `
    "Test-only queries that forget the vendor filter on purpose."
    type Query {
      "An incident's key by id, loaded with staff (unscoped) loaders."
      incidentKey(id: ID!): String
      "An incident's key by id, straight from the table with no scope."
      rawIncidentKey(id: ID!): String
      "How many ledger entries an incident has, with no scope."
      ledgerCount(id: ID!): Int!
    }
  `,
  resolvers: {
    Query: {
      incidentKey: async (_: unknown, a: { id: string }, ctx: { db: DbHandle }) => {
        const staffViewer: Viewer = {
          tokenId: 'x',
          name: 'forgetful',
          role: 'ADMIN',
          partyId: null,
        }
        return (await createLoaders(ctx.db.db, staffViewer).incident.load(a.id))?.key ?? null
      },
      rawIncidentKey: async (_: unknown, a: { id: string }, ctx: { db: DbHandle }) =>
        (await incidentsByIds(ctx.db.db, [a.id], null))[0]?.key ?? null,
      ledgerCount: async (_: unknown, a: { id: string }, ctx: { db: DbHandle }) =>
        (await ledgerEntriesByIncidentIds(ctx.db.db, [a.id])).length,
    },
  },
})

describe('a VENDOR request under Postgres row-level security', () => {
  let url: string
  let close: () => Promise<void>
  beforeAll(async () => {
    const yoga = createYoga<{ db: DbHandle }>({
      schema: forgetful,
      graphqlEndpoint: '/graphql',
      maskedErrors: false,
      landingPage: false,
    })
    const scope = createVendorDbScope(f.t)
    const app = new Hono().post('/graphql', async (c) => {
      const viewer = await authenticate(f.t.db, c.req.header('authorization'))
      if (viewer?.role === 'VENDOR' && viewer.partyId)
        return runAsVendor(scope, viewer.partyId, c.req.raw, async (db) =>
          yoga.fetch(c.req.raw, { db })
        )
      return yoga.fetch(c.req.raw, { db: f.t })
    })
    await new Promise<void>((resolve) => {
      const server = serve(
        { fetch: app.fetch, port: 0, hostname: '127.0.0.1' },
        (info: AddressInfo) => {
          url = `http://127.0.0.1:${info.port}`
          close = () => new Promise((r) => server.close(() => r()))
          resolve()
        }
      )
    })
  })
  afterAll(() => close?.())

  const probe = (token: string, id: string) =>
    post(
      url,
      token,
      'query($id: ID!) { incidentKey(id: $id) rawIncidentKey(id: $id) ledgerCount(id: $id) }',
      { id }
    )

  it("cannot see another vendor's incident even when the query forgets the filter", async () => {
    expect((await probe(vendor, own.id)).data).toEqual({
      incidentKey: own.key,
      rawIncidentKey: own.key,
      ledgerCount: 1,
    })
    expect((await probe(vendor, foreign.id)).data).toEqual({
      incidentKey: null,
      rawIncidentKey: null,
      ledgerCount: 0,
    })
    expect((await probe(staff, foreign.id)).data).toEqual({
      incidentKey: foreign.key,
      rawIncidentKey: foreign.key,
      ledgerCount: 1,
    })
  })

  it('filters an SSE request too, statement by statement', async () => {
    const res = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'text/event-stream',
        authorization: `Bearer ${vendor}`,
      },
      body: JSON.stringify({
        query:
          'query($a: ID!, $b: ID!) { own: rawIncidentKey(id: $a) foreign: rawIncidentKey(id: $b) n: ledgerCount(id: $b) }',
        variables: { a: own.id, b: foreign.id },
      }),
    })
    expect(res.headers.get('content-type')).toMatch(/text\/event-stream/)
    expect(await res.text()).toContain(
      JSON.stringify({ data: { own: own.key, foreign: null, n: 0 } })
    )
  })

  it('would leak without row-level security (so the test above is what stops it)', async () => {
    await f.t.owner`alter table incidents disable row level security`
    await f.t.owner`alter table ledger_entries disable row level security`
    try {
      expect((await probe(vendor, foreign.id)).data).toEqual({
        incidentKey: foreign.key,
        rawIncidentKey: foreign.key,
        ledgerCount: 1,
      })
    } finally {
      await f.t.owner`alter table incidents enable row level security`
      await f.t.owner`alter table ledger_entries enable row level security`
    }
    expect((await probe(vendor, foreign.id)).data).toEqual({
      incidentKey: null,
      rawIncidentKey: null,
      ledgerCount: 0,
    })
  })
})

describe('vendor-scoped database handles', () => {
  it('nest drizzle transactions as savepoints and refuse queries once the request has ended', async () => {
    const tx = await createVendorDbScope(f.t).beginRequest(f.partyId('stratus'))
    const seen = await tx.handle.db.transaction(async (inner) =>
      incidentsByIds(inner as unknown as typeof tx.handle.db, [own.id, foreign.id], null)
    )
    await expect(
      tx.handle.db.transaction(async () => {
        throw new Error('rolled back to its savepoint')
      })
    ).rejects.toThrow(/savepoint/)
    expect((await incidentsByIds(tx.handle.db, [own.id], null)).length).toBe(1)
    await tx.end(true)
    expect(seen.map((r) => r.key)).toEqual([own.key])
    const late = await incidentsByIds(tx.handle.db, [own.id], null).then(
      () => null,
      (e: Error) => e
    )
    expect(String(late?.cause ?? late)).toMatch(/transaction has ended/)
    expect(() => tx.handle.sql`select 1`).toThrow(/raw SQL/)
  })

  it('give the connection back while paused (waiting on Temporal) and scope the next statement again', async () => {
    const tx = await createVendorDbScope(f.t).beginRequest(f.partyId('stratus'))
    const held = async () =>
      (
        await f.t.sql<
          { n: number }[]
        >`select count(*)::int as n from pg_stat_activity where datname = current_database() and state like 'idle in transaction%'`
      )[0]!.n
    expect(await held()).toBe(1)
    await releaseRequestConnection(tx.handle)
    expect(await held()).toBe(0)
    expect(
      (
        await Promise.all([
          incidentsByIds(tx.handle.db, [own.id, foreign.id], null),
          incidentsByIds(tx.handle.db, [foreign.id], null),
        ])
      ).map((rows) => rows.map((r) => r.key))
    ).toEqual([[own.key], []])
    await tx.end(true)
    expect(await held()).toBe(0)
    await expect(incidentsByIds(tx.handle.db, [own.id], null)).rejects.toThrow()
  })

  it('run each statement of a per-statement handle in its own scoped transaction', async () => {
    const handle = createVendorDbScope(f.t).perStatement(f.partyId('stratus'))
    expect((await incidentsByIds(handle.db, [own.id, foreign.id], null)).map((r) => r.key)).toEqual(
      [own.key]
    )
    expect(
      await handle.db.transaction(
        async (tx) =>
          (await ledgerEntriesByIncidentIds(tx as unknown as typeof handle.db, [foreign.id])).length
      )
    ).toBe(0)
  })
})

describe('the gateway app runs VENDOR requests as baton_vendor', () => {
  let gw: ServedGateway
  beforeAll(async () => {
    gw = await serveGateway(f.app, { port: 0 })
  })
  afterAll(() => gw?.close())
  const PAGE = '{ incidents(first: 50) { nodes { key timeline(first: 5) { nodes { seq } } } } }'

  it('answers a vendor from the database as the vendor role, staff as before', async () => {
    await f.t.owner`revoke select on incidents from baton_vendor`
    try {
      const denied = await post(gw.url, vendor, PAGE)
      expect(denied.errors?.[0]?.extensions?.code).toBe('INTERNAL')
      expect((await post(gw.url, staff, PAGE)).errors).toBeUndefined()
    } finally {
      await f.t.owner`grant select on incidents to baton_vendor`
    }
    const page = await post(gw.url, vendor, PAGE)
    expect(page.data).toEqual({
      incidents: { nodes: [{ key: own.key, timeline: { nodes: [{ seq: 1 }] } }] },
    })
  })

  it('returns every reserved connection to the pool with no role or party left on it', async () => {
    // Four times the pool: a connection kept by any request would stall the rest.
    const answers = await Promise.all(Array.from({ length: 40 }, () => post(gw.url, vendor, PAGE)))
    expect(
      answers.every((a) => (a.data?.incidents as { nodes: unknown[] }).nodes.length === 1)
    ).toBe(true)
    const sessions = await Promise.all(
      Array.from(
        { length: 10 },
        () =>
          f.t
            .sql`select current_user as role, coalesce(current_setting('baton.vendor_party_id', true), '') as party, pg_sleep(0.05)`
      )
    )
    expect(new Set(sessions.map((s) => `${s[0]!.role}|${s[0]!.party}`))).toEqual(
      new Set(['baton_app|'])
    )
    const keys = (
      (await post(gw.url, staff, PAGE)).data?.incidents as { nodes: { key: string }[] }
    ).nodes.map((n) => n.key)
    expect(keys).toEqual(expect.arrayContaining([own.key, foreign.key]))
  })
})
