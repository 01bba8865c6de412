import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import type postgres from 'postgres'
import { demoOutageEvents, demoWorld } from '@baton/domain/testing'
import {
  createTestDatabase,
  FORGER_SIGNING_KEY,
  TEST_SIGNING_KEY,
  type TestDatabase,
} from '../testing/index.ts'
import { applyWorld } from '../world/apply-world.ts'
import { recordIncidentEvent } from '../ledger/record-incident-event.ts'
import { verifyLedger } from '../ledger/verify-ledger.ts'
import { GENESIS_HASH, hashLedgerEntry } from '../ledger/canonical-hash.ts'
import { recordIncident } from '../testing/record-incident.ts'
import { createLedgerAnchor } from './create-ledger-anchor.ts'
import { verifyLedgerAnchors } from './verify-ledger-anchors.ts'

// The database owner can do anything to its own tables: disable the append-only trigger, delete
// a tail, rewrite a chain and re-hash it. The recorded heads catch what the chain alone cannot;
// the signed anchors catch even a rewrite of the heads, once published.
let t: TestDatabase
const pinned = { publicKeyPem: TEST_SIGNING_KEY.publicKeyPem }
const shifted = (days: number) =>
  demoOutageEvents.map((e) => ({
    ...e,
    at: new Date(Date.parse(e.at) + days * 86_400_000).toISOString(),
  }))
const N = demoOutageEvents.length

/** As the owner: behind the disabled trigger, run `change`. */
const behindTrigger = (
  sql: postgres.Sql,
  change: (tx: postgres.TransactionSql) => Promise<unknown>
) =>
  sql.begin(async (tx) => {
    await tx.unsafe('alter table ledger_entries disable trigger ledger_entries_append_only')
    await change(tx)
    await tx.unsafe('alter table ledger_entries enable trigger ledger_entries_append_only')
  })

/** As the owner: edit entry `fromSeq`'s data and re-hash the chain from there, so the chain verifies on its own. */
async function rewriteChain(sql: postgres.Sql, incidentId: string, fromSeq: number) {
  const rows = await sql<
    {
      id: string
      seq: number
      at: string
      type: string
      actor: string
      data: Record<string, unknown>
      idempotency_key: string
      hash: string
    }[]
  >`select * from ledger_entries where incident_id = ${incidentId} order by seq`
  let prev = rows[fromSeq - 2]?.hash ?? GENESIS_HASH
  await behindTrigger(sql, async (tx) => {
    for (const r of rows.slice(fromSeq - 1)) {
      const data = r.seq === fromSeq ? { ...r.data, rewritten: true } : r.data
      const hash = hashLedgerEntry(prev, {
        incidentId,
        seq: r.seq,
        at: new Date(r.at).toISOString(),
        type: r.type,
        actor: r.actor,
        data,
        idempotencyKey: r.idempotency_key,
      })
      await tx`update ledger_entries set data = ${JSON.stringify(data)}::jsonb, prev_hash = ${prev}, hash = ${hash} where id = ${r.id}`
      prev = hash
    }
  })
  return prev
}

beforeAll(async () => {
  t = await createTestDatabase(inject('pgAdminUrl'), inject('pgTemplate'))
  await applyWorld(t.db, demoWorld, { masterKey: 'test-master-key', resolveSecret: () => 'unused' })
})
afterAll(() => t?.drop())

describe('each incident keeps its head where verifyLedger compares it', () => {
  it('every append advances the head in its own transaction, also for entries that write no projection', async () => {
    const inc = await recordIncident(t.db, 'heads', shifted(1), demoWorld)
    await recordIncidentEvent(t.db, {
      incidentId: inc.id,
      seq: 0,
      idempotencyKey: 'heads/mark',
      at: shifted(1).at(-1)!.at,
      type: 'clock.warning',
      actor: 'baton',
      data: {},
    })
    const [head] =
      await t.sql`select h.seq, h.hash = e.hash as same from ledger_heads h join ledger_entries e on e.incident_id = h.incident_id and e.seq = h.seq where h.incident_id = ${inc.id}`
    expect(head).toEqual({ seq: N + 1, same: true })
    expect(await verifyLedger(t.db, inc.id)).toMatchObject({
      ok: true,
      entriesChecked: N + 1,
      problem: null,
    })
  })

  it('as the owner, a deleted tail is caught and named at its first missing entry', async () => {
    const inc = await recordIncident(t.db, 'tail', shifted(2), demoWorld)
    await behindTrigger(
      t.owner,
      (tx) => tx`delete from ledger_entries where incident_id = ${inc.id} and seq > ${N - 2}`
    )
    expect(await verifyLedger(t.db, inc.id)).toMatchObject({
      ok: false,
      problem: {
        incidentId: inc.id,
        seq: N - 1,
        message: expect.stringContaining(`entries ${N - 1}..${N} missing`),
      },
    })
  })

  it('as the owner, a chain rewritten and re-hashed is caught at the head it no longer reaches', async () => {
    const inc = await recordIncident(t.db, 'rewrite', shifted(3), demoWorld)
    await rewriteChain(t.owner, inc.id, 4)
    const v = await verifyLedger(t.db, inc.id)
    expect(v).toMatchObject({
      ok: false,
      firstBrokenEntry: { incidentId: inc.id, seq: N },
      problem: {
        incidentId: inc.id,
        seq: N,
        message: expect.stringContaining('rewritten at or before seq'),
      },
    })
  })
})

describe('signed anchors over every head', () => {
  it('names a deleted tail and the entry a rewrite began at, between two anchors', async () => {
    const db = await createTestDatabase(inject('pgAdminUrl'), inject('pgTemplate'))
    try {
      await applyWorld(db.db, demoWorld, {
        masterKey: 'test-master-key',
        resolveSecret: () => 'unused',
      })
      const events = shifted(4)
      const a = await recordIncident(db.db, 'anchored-a', events, demoWorld)
      const b = await recordIncident(db.db, 'anchored-b', events.slice(0, 5), demoWorld)
      const first = await createLedgerAnchor(db.db, {
        signingKey: TEST_SIGNING_KEY,
        now: new Date('2026-03-20T10:00:00Z'),
      })
      expect(first).toMatchObject({
        created: true,
        anchor: { id: expect.any(Number), incidents: 2, entries: N + 5, previousRoot: null },
      })
      expect(await createLedgerAnchor(db.db, { signingKey: TEST_SIGNING_KEY })).toMatchObject({
        created: false,
        anchor: { id: first.anchor!.id },
      })
      for (let i = 5; i < 7; i++)
        await recordIncidentEvent(db.db, {
          incidentId: b.id,
          seq: 0,
          idempotencyKey: `b/${i}`,
          at: events[i]!.at,
          type: 'comment',
          actor: 'northwind',
          data: { body: `note ${i}` },
        })
      const second = await createLedgerAnchor(db.db, { signingKey: TEST_SIGNING_KEY })
      expect(second.anchor).toMatchObject({
        previousRoot: first.anchor!.root,
        incidents: 2,
        entries: N + 7,
      })
      expect(await verifyLedgerAnchors(db.db, pinned)).toMatchObject({
        ok: true,
        anchorsChecked: 2,
        incidentsChecked: 2,
      })

      await behindTrigger(
        db.owner,
        (tx) => tx`delete from ledger_entries where incident_id = ${a.id} and seq > ${N - 3}`
      )
      await rewriteChain(db.owner, b.id, 6)
      const check = await verifyLedgerAnchors(db.db, pinned)
      expect(check.ok).toBe(false)
      expect(check.problems).toEqual(
        expect.arrayContaining([
          {
            incidentId: a.id,
            seq: N - 2,
            message: expect.stringContaining(`entries ${N - 2}..${N} missing`),
          },
          { incidentId: b.id, seq: 6, message: expect.stringContaining('within seq 6..7') },
        ])
      )
    } finally {
      await db.drop()
    }
  })

  it('as the owner, rewriting the ledger, its heads and its anchors (even re-signed) is caught against the published anchor', async () => {
    const db = await createTestDatabase(inject('pgAdminUrl'), inject('pgTemplate'))
    try {
      await applyWorld(db.db, demoWorld, {
        masterKey: 'test-master-key',
        resolveSecret: () => 'unused',
      })
      const inc = await recordIncident(db.db, 'published', shifted(5), demoWorld)
      const { anchor: published } = await createLedgerAnchor(db.db, {
        signingKey: TEST_SIGNING_KEY,
      })
      const hash = await rewriteChain(db.owner, inc.id, 3)
      await db.owner.begin(async (tx) => {
        await tx.unsafe(
          'alter table ledger_heads disable trigger ledger_heads_forward_only; alter table ledger_anchors disable trigger ledger_anchors_append_only'
        )
        await tx`update ledger_heads set hash = ${hash} where incident_id = ${inc.id}`
        await tx`delete from ledger_anchors`
        await tx.unsafe(
          'alter table ledger_heads enable trigger ledger_heads_forward_only; alter table ledger_anchors enable trigger ledger_anchors_append_only'
        )
      })
      await createLedgerAnchor(db.db, { signingKey: TEST_SIGNING_KEY })
      // Locally everything agrees again: the owner holds the key. Only what was published before can tell.
      expect((await verifyLedger(db.db)).ok).toBe(true)
      expect((await verifyLedgerAnchors(db.db, pinned)).ok).toBe(true)
      const against = await verifyLedgerAnchors(db.db, { ...pinned, published: [published!] })
      expect(against.ok).toBe(false)
      expect(against.problems).toContainEqual({
        anchorId: published!.id,
        message: expect.stringContaining('the anchors table was rewritten'),
      })
      // A published anchor signed by anyone but Baton proves nothing.
      const forged = { ...published!, publicKeyPem: FORGER_SIGNING_KEY.publicKeyPem }
      expect((await verifyLedgerAnchors(db.db, { published: [forged] })).problems).toContainEqual({
        anchorId: published!.id,
        message: expect.stringContaining('signature does not verify'),
      })
    } finally {
      await db.drop()
    }
  })
})
