import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { createTestDatabaseWithParties, type TestDatabase } from '../testing/index.ts'
import {
  allocateIncident,
  recordIncidentEvent,
  recordIncidentEvents,
  verifyLedger,
} from '../index.ts'

let t: TestDatabase
beforeAll(async () => {
  t = await createTestDatabaseWithParties(inject('pgAdminUrl'), inject('pgTemplate'), [
    { slug: 'northwind', name: 'Northwind', kind: 'RETAINED' },
    { slug: 'stratus', name: 'Stratus', kind: 'CLOUD', integration: { dialect: 'canonical' } },
    { slug: 'meshnet', name: 'Meshnet', kind: 'NETWORK', integration: { dialect: 'canonical' } },
    // A vendor without webhooks: it works in the console's vendor portal.
    { slug: 'deskside', name: 'Deskside', kind: 'END_USER_SUPPORT' },
  ])
})
afterAll(() => t?.drop())

const projection = { title: 'Checkout down', priority: 'P1', status: 'OPEN', holder: 'stratus' }
/** An incident "x" held by stratus, opened 2026-03-06T20:00Z. */
const allocate = (clientKey: string, priority = 'P1') =>
  allocateIncident(t.db, {
    clientKey,
    title: 'x',
    priority,
    holder: 'stratus',
    openedAt: '2026-03-06T20:00:00Z',
  })

describe('recordIncidentEvent', () => {
  it('allocates one incident per client key', async () => {
    const a = await allocate('k1')
    const b = await allocate('k1')
    expect(a.created).toBe(true)
    expect(b).toEqual({ ...a, created: false })
    expect(a.key).toMatch(/^INC-\d+$/)
  })

  it('appends once per idempotency key and chains hashes', async () => {
    const inc = await allocate('k2')
    const opening = {
      incidentId: inc.id,
      seq: 1,
      idempotencyKey: 'wf:1',
      at: '2026-03-06T20:00:00Z',
      type: 'opened',
      actor: 'northwind',
      data: {},
      projection,
    }
    const first = await recordIncidentEvent(t.db, opening)
    const again = await recordIncidentEvent(t.db, opening)
    await recordIncidentEvent(t.db, {
      incidentId: inc.id,
      seq: 2,
      idempotencyKey: 'wf:2',
      at: '2026-03-06T20:04:00Z',
      type: 'acknowledged',
      actor: 'stratus',
      data: { party: 'stratus' },
      projection: { ...projection, status: 'ACKNOWLEDGED', acknowledgedAt: '2026-03-06T20:04:00Z' },
    })
    expect(again).toEqual({ ...first, duplicate: true })
    const count =
      await t.sql`select count(*)::int as n from ledger_entries where incident_id = ${inc.id}`
    expect(count[0]!.n).toBe(2)
    const row = await t.sql`select status, acknowledged_at from incidents where id = ${inc.id}`
    expect(row[0]!.status).toBe('ACKNOWLEDGED')
    expect((await verifyLedger(t.db, inc.id)).ok).toBe(true)
  })

  it('refuses UPDATE and DELETE on the ledger: to the owner by the trigger, to the services by privileges', async () => {
    await expect(t.owner`update ledger_entries set actor = 'x'`).rejects.toThrow(/append-only/)
    await expect(t.owner`delete from ledger_entries`).rejects.toThrow(/append-only/)
    await expect(t.sql`update ledger_entries set actor = 'x'`).rejects.toThrow(/permission denied/)
    await expect(t.sql`delete from ledger_entries`).rejects.toThrow(/permission denied/)
  })

  it('reports the first broken link when a row is edited behind the trigger', async () => {
    const inc = await allocate('k3', 'P2')
    for (const seq of [1, 2, 3])
      await recordIncidentEvent(t.db, {
        incidentId: inc.id,
        seq,
        idempotencyKey: `k3:${seq}`,
        at: '2026-03-06T20:00:00Z',
        type: 'comment',
        actor: 'stratus',
        data: { body: `n${seq}` },
      })
    await t.owner.begin(async (tx) => {
      await tx.unsafe('alter table ledger_entries disable trigger ledger_entries_append_only')
      await tx`update ledger_entries set data = '{"body":"forged"}' where incident_id = ${inc.id} and seq = 2`
      await tx.unsafe('alter table ledger_entries enable trigger ledger_entries_append_only')
    })
    const v = await verifyLedger(t.db, inc.id)
    expect(v.ok).toBe(false)
    expect(v.firstBrokenEntry?.seq).toBe(2)
    expect(v.entriesChecked).toBe(2)
  })
})

describe('recordIncidentEvents (a batch in one transaction)', () => {
  it('appends the new entries of a batch once, chained, with the last projection, escalations and receipts', async () => {
    const inc = await allocate('batch')
    const receipt = async (r: string) => {
      await t.sql`insert into inbound_receipts (receipt, party_id, message_id, body_hash, incident_id, type, event, payload)
        select ${r}, id, ${r}, 'h', ${inc.id}, 'incident.comment', '{}'::jsonb, '{}'::jsonb from parties where slug = 'stratus'`
    }
    await receipt('r-2')
    await receipt('r-3')
    const entry = (seq: number, extra: object = {}) => ({
      incidentId: inc.id,
      seq,
      idempotencyKey: `wf-batch#${seq}`,
      at: `2026-03-06T20:0${seq}:00Z`,
      type: 'comment',
      actor: 'stratus',
      data: { body: `c${seq}` },
      ...extra,
    })
    const first = await recordIncidentEvent(t.db, entry(1, { projection }))
    const handoff = {
      id: `${inc.key}-H1`,
      from: 'stratus',
      to: 'meshnet',
      state: 'OFFERED',
      offeredAt: '2026-03-06T20:03:00Z',
    }
    const batch = [
      entry(1, { projection }),
      entry(2, { receipt: 'r-2', projection: { ...projection, title: 'stale' } }),
      entry(3, {
        receipt: 'r-3',
        escalation: {
          at: '2026-03-06T20:03:00Z',
          reason: 'ola',
          step: 1,
          party: 'stratus',
          desk: null,
          recipients: ['oncall@stratus.example'],
        },
        projection: {
          ...projection,
          title: 'Checkout down (batched)',
          handoffs: [handoff],
          involvedParties: ['northwind', 'stratus', 'meshnet'],
        },
      }),
    ]
    const recorded = await recordIncidentEvents(t.db, batch)
    expect(recorded.map((r) => [r.seq, r.duplicate])).toEqual([
      [1, true],
      [2, false],
      [3, false],
    ])
    expect(recorded[0]).toEqual({ ...first, duplicate: true })
    const rows = await t.sql<{ id: number; seq: number; hash: string; type: string }[]>`
      select id, seq, hash from ledger_entries where incident_id = ${inc.id} order by seq`
    expect(rows.map((r) => ({ id: Number(r.id), seq: r.seq, hash: r.hash }))).toEqual(
      recorded.map(({ id, seq, hash }) => ({ id, seq, hash }))
    )
    expect((await verifyLedger(t.db, inc.id)).ok).toBe(true)
    const [row] = await t.sql`select title, last_seq from incidents where id = ${inc.id}`
    expect(row).toEqual({ title: 'Checkout down (batched)', last_seq: 3 })
    const receipts = await t.sql`
      select receipt, status from inbound_receipts where incident_id = ${inc.id} order by id`
    expect(receipts.map((r) => [r.receipt, r.status])).toEqual([
      ['r-2', 'APPLIED'],
      ['r-3', 'APPLIED'],
    ])
    const escalations = await t.sql`
      select reason, idempotency_key from escalations where incident_id = ${inc.id}`
    expect(escalations.map((e) => [e.reason, e.idempotency_key])).toEqual([['ola', 'wf-batch#3']])
    const handoffs = await t.sql`select id, state from handoffs where incident_id = ${inc.id}`
    expect(handoffs.map((h) => [h.id, h.state])).toEqual([[handoff.id, 'OFFERED']])
    // The vendors involved are bonded; northwind is the retained organisation.
    const bonded = await t.sql`
      select p.slug from bonds b join parties p on p.id = b.party_id where b.incident_id = ${inc.id} order by p.slug`
    expect(bonded.map((b) => b.slug)).toEqual(['meshnet', 'stratus'])

    // A retried batch (the activity ran twice) changes nothing; a later answer updates the hand-off.
    const again = await recordIncidentEvents(t.db, batch)
    expect(again).toEqual(recorded.map((r) => ({ ...r, duplicate: true })))
    await recordIncidentEvents(t.db, [
      entry(4, {
        projection: {
          ...projection,
          handoffs: [
            { ...handoff, state: 'ACCEPTED', respondedAt: '2026-03-06T20:04:00Z', reason: 'ok' },
          ],
        },
      }),
    ])
    const answered = await t.sql`select state, reason from handoffs where id = ${handoff.id}`
    expect(answered).toEqual([{ state: 'ACCEPTED', reason: 'ok' }])
    const count =
      await t.sql`select count(*)::int as n from ledger_entries where incident_id = ${inc.id}`
    expect(count[0]!.n).toBe(4)
    expect((await verifyLedger(t.db, inc.id)).ok).toBe(true)
  })

  it('bonds every vendor involved, one that works in the portal (no integration) too, never the retained organisation', async () => {
    const inc = await allocate('k-portal')
    await recordIncidentEvent(t.db, {
      incidentId: inc.id,
      seq: 1,
      idempotencyKey: 'wf-portal#1',
      at: '2026-03-06T20:01:00Z',
      type: 'comment',
      actor: 'stratus',
      data: { body: 'over to the desk' },
      projection: { ...projection, involvedParties: ['northwind', 'stratus', 'deskside'] },
    })
    const bonded = await t.sql`
      select p.slug from bonds b join parties p on p.id = b.party_id where b.incident_id = ${inc.id} order by p.slug`
    expect(bonded.map((b) => b.slug)).toEqual(['deskside', 'stratus'])
  })
})
