import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { createTestDatabase, type TestDatabase } from '../testing/index.ts'
import { allocateIncident, parties, recordIncidentEvent, verifyLedger } from '../index.ts'

let t: TestDatabase
beforeAll(async () => {
  t = await createTestDatabase(inject('pgAdminUrl'), inject('pgTemplate'))
  await t.db.insert(parties).values([
    { slug: 'northwind', name: 'Northwind', kind: 'RETAINED' },
    { slug: 'stratus', name: 'Stratus', kind: 'CLOUD' },
  ])
})
afterAll(() => t?.drop())

const projection = { title: 'Checkout down', priority: 'P1', status: 'OPEN', holder: 'stratus' }

describe('recordIncidentEvent', () => {
  it('allocates one incident per client key', async () => {
    const a = await allocateIncident(t.db, {
      clientKey: 'k1',
      title: 'x',
      priority: 'P1',
      holder: 'stratus',
      openedAt: '2026-03-06T20:00:00Z',
    })
    const b = await allocateIncident(t.db, {
      clientKey: 'k1',
      title: 'x',
      priority: 'P1',
      holder: 'stratus',
      openedAt: '2026-03-06T20:00:00Z',
    })
    expect(a.created).toBe(true)
    expect(b).toEqual({ ...a, created: false })
    expect(a.key).toMatch(/^INC-\d+$/)
  })

  it('appends once per idempotency key and chains hashes', async () => {
    const inc = await allocateIncident(t.db, {
      clientKey: 'k2',
      title: 'x',
      priority: 'P1',
      holder: 'stratus',
      openedAt: '2026-03-06T20:00:00Z',
    })
    const first = await recordIncidentEvent(t.db, {
      incidentId: inc.id,
      seq: 1,
      idempotencyKey: 'wf:1',
      at: '2026-03-06T20:00:00Z',
      type: 'opened',
      actor: 'northwind',
      data: {},
      projection,
    })
    const again = await recordIncidentEvent(t.db, {
      incidentId: inc.id,
      seq: 1,
      idempotencyKey: 'wf:1',
      at: '2026-03-06T20:00:00Z',
      type: 'opened',
      actor: 'northwind',
      data: {},
      projection,
    })
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
    const inc = await allocateIncident(t.db, {
      clientKey: 'k3',
      title: 'x',
      priority: 'P2',
      holder: 'stratus',
      openedAt: '2026-03-06T20:00:00Z',
    })
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
