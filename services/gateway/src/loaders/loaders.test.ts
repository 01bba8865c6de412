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

type PageRow = {
  id: string
  bonds: { party: { name: string }; vendorRef: string | null; state: string }[]
  clocks: unknown[]
}
async function countPage(
  n: number
): Promise<{ count: number; rows: number; clocks: number; nodes: PageRow[] }> {
  statements = []
  const res = await app.request('/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query: PAGE, variables: { n } }),
  })
  const body = (await res.json()) as {
    data?: { incidents: { nodes: PageRow[] } }
    errors?: unknown
  }
  expect(body.errors).toBeUndefined()
  const nodes = body.data!.incidents.nodes
  return {
    count: statements.length,
    rows: nodes.length,
    clocks: nodes.reduce((sum, i) => sum + i.clocks.length, 0),
    nodes,
  }
}

beforeAll(async () => {
  f = await createGatewayFixture()
  token = await f.token('ADMIN')
  const vendors = ['sentinel', 'stratus', 'vistula', 'bayside']
  for (let i = 0; i < 60; i++) {
    const holder = vendors[i % 4]!
    await f.seedIncident({
      clientKey: `n1-${i}`,
      holder,
      involved: [vendors[(i + 1) % 4]!],
      withEvents: true,
      openedAt: new Date(Date.UTC(2026, 2, 6, 20, i)).toISOString(),
    })
  }
  const sql = postgres(f.t.url, {
    max: 4,
    onnotice: () => {},
    debug: (_conn, query) => {
      statements.push(query)
    },
  })
  // drizzle picks the tables out of the package's exports, as createDb does from schema.ts.
  counted = {
    db: drizzle(sql, { schema: baton }) as unknown as DbHandle['db'],
    sql,
    close: () => sql.end({ timeout: 5 }),
  }
  app = createGatewayApp({
    db: counted,
    temporal: f.client,
    taskQueue: 'unused',
    logger: pino({ level: 'silent' }),
    publicUrl: 'http://127.0.0.1',
    now: () => new Date('2026-03-06T23:00:00Z'),
  })
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
    // token, incidents page (with its bonds), and the world snapshot's fingerprint (parties, agreements
    // and the world for live clocks come from the process-wide snapshot): the same for 5 rows or 50
    expect(page50.count).toBeLessThanOrEqual(3)
    expect(page50.count).toBe(page5.count)
    // The bonds come with the page statement: the same as the table says, per incident, oldest first.
    const stored = await f.t.sql<
      { incident_id: string; name: string; vendor_ref: string | null; state: string }[]
    >`
      select b.incident_id, p.name, b.vendor_ref, b.state from bonds b join parties p on p.id = b.party_id order by b.created_at`
    for (const node of page50.nodes) {
      const expected = stored
        .filter((b) => b.incident_id === node.id)
        .map((b) => ({ party: { name: b.name }, vendorRef: b.vendor_ref, state: b.state }))
      expect(expected.length).toBeGreaterThan(0)
      expect(node.bonds).toEqual(expected)
    }
  })
})
