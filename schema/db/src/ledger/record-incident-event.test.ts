import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { createTestDatabaseWithParties, type TestDatabase } from '../testing/index.ts'
import { allocateIncident, recordIncidentEvent, verifyLedger } from '../index.ts'

let t: TestDatabase
beforeAll(async () => {
  t = await createTestDatabaseWithParties(inject('pgAdminUrl'), inject('pgTemplate'), [
    { slug: 'northwind', name: 'Northwind', kind: 'RETAINED' },
    { slug: 'stratus', name: 'Stratus', kind: 'CLOUD' },
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
