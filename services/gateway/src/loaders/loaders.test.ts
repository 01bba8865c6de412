import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { drizzle } from 'drizzle-orm/postgres-js'
import postgres from 'postgres'
import { pino } from 'pino'
import * as baton from '@baton/db'
import type { DbHandle } from '@baton/db'
import { createGatewayApp, type GatewayApp } from '../app/create-gateway-app.ts'
import { createGatewayFixture, type GatewayFixture } from '../testing/gateway-fixture.ts'

// A second gateway on the same test database whose postgres.js client counts every statement.
let f: GatewayFixture
let counted: DbHandle
let app: GatewayApp
let statements: string[] = []
let token: string

const PAGE = `query($n: Int!) { incidents(first: $n) { nodes {
  id key status holder { name kind } bonds { party { name } vendorRef state }
  clocks { metric state remaining deadline party { slug } agreement { slug version } }
  custody { party { slug } from state } } } }`

async function countPage(n: number): Promise<{ count: number; rows: number; clocks: number }> {
  statements = []
  const res = await app.request('/graphql', { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query: PAGE, variables: { n } }) })
  const body = await res.json() as { data?: { incidents: { nodes: { clocks: unknown[] }[] } }; errors?: unknown }
  expect(body.errors).toBeUndefined()
  return { count: statements.length, rows: body.data!.incidents.nodes.length, clocks: body.data!.incidents.nodes.reduce((sum, i) => sum + i.clocks.length, 0) }
}

beforeAll(async () => {
  f = await createGatewayFixture()
  token = await f.token('ADMIN')
  const vendors = ['sentinel', 'stratus', 'vistula', 'bayside']
  for (let i = 0; i < 60; i++) {
    const holder = vendors[i % 4]!
    await f.seedIncident({ clientKey: `n1-${i}`, holder, involved: [vendors[(i + 1) % 4]!], withEvents: true, openedAt: new Date(Date.UTC(2026, 2, 6, 20, i)).toISOString() })
  }
  const sql = postgres(f.t.url, { max: 4, onnotice: () => {}, debug: (_conn, query) => { statements.push(query) } })
  // drizzle picks the tables out of the package's exports, as createDb does from schema.ts.
  counted = { db: drizzle(sql, { schema: baton }) as unknown as DbHandle['db'], sql, close: () => sql.end({ timeout: 5 }) }
  app = createGatewayApp({ db: counted, temporal: f.client, taskQueue: 'unused', logger: pino({ level: 'silent' }), publicUrl: 'http://127.0.0.1', now: () => new Date('2026-03-06T23:00:00Z') })
})
afterAll(async () => {
  await app?.close()
  await counted?.close()
  await f?.close()
})

describe('per-request DataLoaders', () => {
  it('serves a page of 50 incidents with holders, bonds, clocks and custody in a small fixed number of SQL statements', async () => {
    await countPage(50) // warm the pool: postgres.js reads the array types once per connection
    const page50 = await countPage(50)
    const page5 = await countPage(5)
    expect(page50.rows).toBe(50)
    expect(page5.rows).toBe(5)
    expect(page50.clocks).toBeGreaterThan(50) // live figures from the domain's computeClocks
    // token, incidents page, bonds, and the world snapshot's fingerprint (parties, agreements and the
    // world for live clocks come from the process-wide snapshot): the same for 5 rows or 50
    expect(page50.count).toBeLessThanOrEqual(4)
    expect(page50.count).toBe(page5.count)
  })
})
