import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { createTestDatabase, TEST_SIGNING_KEY, type TestDatabase } from './testing/index.ts'
import { allocateIncident } from './ledger/allocate-incident.ts'
import { recordIncidentEvent } from './ledger/record-incident-event.ts'
import { parties } from './schema.ts'
import { createLedgerAnchor } from './anchors/create-ledger-anchor.ts'
import { verifyLedger } from './ledger/verify-ledger.ts'

// The services connect as baton_app (migration 0019), as the test handle does: whatever a
// compromised service could send, the ledger can only grow.
let t: TestDatabase
let incidentId: string
beforeAll(async () => {
  t = await createTestDatabase(inject('pgAdminUrl'), inject('pgTemplate'))
  await t.db.insert(parties).values({ slug: 'stratus', name: 'Stratus', kind: 'CLOUD' })
  incidentId = (
    await allocateIncident(t.db, {
      clientKey: 'role',
      title: 'x',
      priority: 'P2',
      holder: 'stratus',
      openedAt: '2026-03-06T20:00:00Z',
    })
  ).id
  for (const seq of [1, 2, 3])
    await recordIncidentEvent(t.db, {
      incidentId,
      seq,
      idempotencyKey: `role:${seq}`,
      at: '2026-03-06T20:00:00Z',
      type: 'comment',
      actor: 'stratus',
      data: { n: seq },
    })
  await createLedgerAnchor(t.db, { signingKey: TEST_SIGNING_KEY })
})
afterAll(() => t?.drop())

describe("the services' database role", () => {
  it('is baton_app, neither superuser nor the owner of the ledger', async () => {
    const [who] =
      await t.sql`select current_user as role, (select rolsuper from pg_roles where rolname = current_user) as superuser, (select pg_get_userbyid(relowner) from pg_class where relname = 'ledger_entries') as owner`
    expect(who).toMatchObject({ role: 'baton_app', superuser: false })
    expect(who!.owner).not.toBe('baton_app')
  })

  it('appends to the ledger, and the append advances the head', async () => {
    expect((await verifyLedger(t.db, incidentId)).ok).toBe(true)
    const [head] = await t.sql`select seq from ledger_heads where incident_id = ${incidentId}`
    expect(head!.seq).toBe(3)
  })

  it.each([
    [
      'disable the append-only trigger',
      'alter table ledger_entries disable trigger ledger_entries_append_only',
      /must be owner/,
    ],
    ['disable every trigger', 'alter table ledger_entries disable trigger all', /must be owner/],
    [
      'turn triggers off for the session',
      'set session_replication_role = replica',
      /permission denied/,
    ],
    ['delete the tail', 'delete from ledger_entries where seq = 3', /permission denied/],
    [
      'edit an entry',
      `update ledger_entries set data = '{"n":"forged"}' where seq = 2`,
      /permission denied/,
    ],
    ['truncate the ledger', 'truncate ledger_entries cascade', /permission denied/],
    ['move a head', 'update ledger_heads set seq = 1', /permission denied/],
    [
      'write a head',
      `insert into ledger_heads (incident_id, seq, hash) values (gen_random_uuid(), 1, 'x')`,
      /permission denied/,
    ],
    ['drop an anchor', 'delete from ledger_anchors', /permission denied/],
    [
      'disable the anchors trigger',
      'alter table ledger_anchors disable trigger ledger_anchors_append_only',
      /must be owner/,
    ],
  ])('may not %s', async (_, statement, refusal) => {
    await expect(t.sql.unsafe(statement)).rejects.toThrow(refusal)
  })

  it('left the ledger exactly as it was', async () => {
    const [n] =
      await t.owner`select count(*)::int as n from ledger_entries where incident_id = ${incidentId}`
    expect(n!.n).toBe(3)
    expect((await verifyLedger(t.db, incidentId)).ok).toBe(true)
  })
})
