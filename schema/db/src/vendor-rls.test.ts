import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import type postgres from 'postgres'
import { createTestDatabase, type TestDatabase } from './testing/index.ts'
import { allocateIncident, parties, recordIncidentEvent } from './index.ts'

// Migration 0007_vendor_rls, straight in SQL: what baton_vendor sees with and without its party setting.
let t: TestDatabase
const ids = new Map<string, string>()
const at = '2026-03-06T20:00:00Z'

/** One row in every incident-scoped table for an incident, owned by `vendor`. */
async function seedIncident(tag: string, vendor: string, involved: string[]): Promise<string> {
  const inc = await allocateIncident(t.db, {
    clientKey: `rls-${tag}`,
    title: tag,
    priority: 'P1',
    holder: 'northwind',
    openedAt: at,
  })
  await recordIncidentEvent(t.db, {
    incidentId: inc.id,
    seq: 1,
    idempotencyKey: `rls/${tag}/1`,
    at,
    type: 'opened',
    actor: 'northwind',
    data: {},
    projection: {
      title: tag,
      priority: 'P1',
      status: 'OPEN',
      holder: 'northwind',
      involvedParties: involved,
      handoffs: [
        { id: `h-${tag}`, from: 'northwind', to: vendor, state: 'OFFERED', offeredAt: at },
      ],
    },
    escalation: {
      at,
      reason: 'test',
      step: 1,
      party: vendor,
      desk: null,
      recipients: ['duty@example.com'],
    },
  })
  const party = ids.get(vendor)!
  const s = t.sql
  await s`insert into notifications (incident_id, dedup_key, escalation_key, party, recipient, payload) values (${inc.id}, ${`n-${tag}`}, ${`e-${tag}`}, ${vendor}, 'duty@example.com', '{}')`
  await s`insert into inbound_receipts (receipt, party_id, message_id, body_hash, incident_id, type, event, payload) values (${`r-${tag}`}, ${party}, ${`m-${tag}`}, 'h', ${inc.id}, 'incident.acknowledged', '{}', '{}')`
  await s`insert into inbound_replays (receipt) values (${`r-${tag}`})`
  await s`insert into outbound_deliveries (idempotency_key, message_id, party_id, incident_id, type, payload) values (${`o-${tag}`}, ${`om-${tag}`}, ${party}, ${inc.id}, 'incident.assigned', '{}')`
  await s`insert into incident_settlements (incident_id, incident_key, closed_at, events, world, clocks, attribution, credits, ledger_hash) values (${inc.id}, ${inc.key}, ${at}, '[]', '{}', '[]', '{}', '[]', 'x')`
  await s`insert into incident_attributions (incident_id, clock_id, agreement_slug, agreement_version, agreement_kind, metric, clock_party, attributed_to, breached_at) values (${inc.id}, 'c1', 'uc', 1, 'UC', 'RESOLUTION', ${vendor}, ${vendor}, ${at})`
  await s`insert into disputes (incident_id, clock_id, party, evidence) values (${inc.id}, 'c1', ${vendor}, 'logs')`
  await s`insert into credit_lines (incident_id, party, agreement_slug, agreement_version, clock_id, breached_at, period, amount, currency, kind, reason, idempotency_key) values (${inc.id}, ${vendor}, 'uc', 1, 'c1', ${at}, '2026-03', 100, 'USD', 'BREACH', 'late', ${`cl-${tag}`})`
  await s`insert into review_packs (key, kind, party, period_label, period_from, period_to, title, markdown, csv, charts) values (${`p-${tag}`}, 'monthly', ${vendor}, '2026-03', ${at}, ${at}, 't', 'm', 'c', '[]')`
  return inc.id
}

let stratusIncident: string
const BY_INCIDENT = [
  'handoffs',
  'escalations',
  'ledger_entries',
  'notifications',
  'inbound_receipts',
  'outbound_deliveries',
  'incident_settlements',
  'incident_attributions',
  'disputes',
  'credit_lines',
  'ledger_heads',
]
/** Per table: which of the owner's rows Stratus should see (the query layer's rule: bonded to Stratus, and its own party's rows). */
const expected = (): Record<string, postgres.PendingQuery<postgres.Row[]>> => {
  const s = t.sql
  const a = stratusIncident
  return {
    incidents: s`select * from incidents where id = ${a}`,
    bonds: s`select * from bonds where incident_id = ${a} and party_id = ${ids.get('stratus')!}`,
    inbound_replays: s`select * from inbound_replays where receipt = 'r-A'`,
    review_packs: s`select * from review_packs where party = 'stratus'`,
    ...Object.fromEntries(
      BY_INCIDENT.map((table) => [table, s`select * from ${s(table)} where incident_id = ${a}`])
    ),
  }
}

/** Runs `fn` as baton_vendor in a transaction, with the party setting when given. */
const asVendor = <T>(partyId: string | null, fn: (tx: postgres.TransactionSql) => Promise<T>) =>
  t.sql.begin(async (tx) => {
    await tx`set local role baton_vendor`
    if (partyId) await tx`select set_config('baton.vendor_party_id', ${partyId}, true)`
    return fn(tx)
  }) as Promise<T>

const sorted = (rows: postgres.Row[]) => rows.map((r) => JSON.stringify(r)).sort()

beforeAll(async () => {
  t = await createTestDatabase(inject('pgAdminUrl'), inject('pgTemplate'))
  const rows = await t.db
    .insert(parties)
    .values([
      { slug: 'northwind', name: 'Northwind', kind: 'RETAINED' },
      { slug: 'stratus', name: 'Stratus', kind: 'CLOUD', integration: {} },
      { slug: 'sentinel', name: 'Sentinel', kind: 'MSSP', integration: {} },
    ])
    .returning()
  for (const r of rows) ids.set(r.slug, r.id)
  stratusIncident = await seedIncident('A', 'stratus', ['stratus', 'sentinel'])
  await seedIncident('B', 'sentinel', ['sentinel'])
})
afterAll(() => t?.drop())

describe('row-level security for the baton_vendor role', () => {
  it('protects every table that holds incident rows, and exactly the tables the policies name', async () => {
    const scoped = await t.sql<{ table: string }[]>`
      select c.relname as table from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'public' and c.relkind = 'r' and c.relrowsecurity order by 1`
    expect(scoped.map((r) => r.table)).toEqual(Object.keys(expected()).sort())
    const withIncident = await t.sql<{ table: string }[]>`
      select table_name as table from information_schema.columns where table_schema = 'public' and column_name = 'incident_id' order by 1`
    expect(
      withIncident.map((r) => r.table).filter((name) => !scoped.some((s) => s.table === name))
    ).toEqual([])
  })

  it('shows Stratus only the rows of incidents bonded to Stratus, in every protected table', async () => {
    for (const [table, query] of Object.entries(expected())) {
      const own = await query
      const all = await t.sql`select * from ${t.sql(table)}`
      const seen = await asVendor(ids.get('stratus')!, (tx) => tx`select * from ${tx(table)}`)
      expect(own.length, table).toBeGreaterThan(0)
      expect(all.length, `${table}: the seed must hold rows Stratus may not see`).toBeGreaterThan(
        own.length
      )
      expect(sorted(seen), table).toEqual(sorted(own))
    }
  })

  it('shows nothing at all when the party setting is missing', async () => {
    for (const table of Object.keys(expected())) {
      const seen = await asVendor(null, (tx) => tx`select count(*)::int as n from ${tx(table)}`)
      expect(seen[0]!.n, table).toBe(0)
    }
  })

  it('refuses tokens, secrets and world changes to the vendor role outright', async () => {
    for (const table of ['api_tokens', 'party_secrets', 'world_changes']) {
      await expect(
        asVendor(ids.get('stratus')!, (tx) => tx`select * from ${tx(table)}`),
        table
      ).rejects.toThrow(/permission denied/)
    }
  })

  it('lets the vendor write a dispute only on its own bonded incident', async () => {
    const b = (await t.sql`select id from incidents where client_key = 'rls-B'`)[0]!.id as string
    await expect(
      asVendor(
        ids.get('stratus')!,
        (tx) =>
          tx`insert into disputes (incident_id, clock_id, party, evidence) values (${b}, 'c2', 'stratus', 'x')`
      )
    ).rejects.toThrow(/row-level security/)
    await expect(
      asVendor(ids.get('stratus')!, (tx) => tx`update incidents set title = 'x'`)
    ).rejects.toThrow(/permission denied/)
    const [row] = await asVendor(
      ids.get('stratus')!,
      (tx) =>
        tx`insert into disputes (incident_id, clock_id, party, evidence) values (${stratusIncident}, 'c2', 'stratus', 'x') returning party`
    )
    expect(row!.party).toBe('stratus')
  })

  it('leaves the owner (and every other role) seeing every row', async () => {
    const [n] = await t.sql`select count(*)::int as n from incidents`
    expect(n!.n).toBe(2)
  })
})
