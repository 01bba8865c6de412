import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { renderMonthlyPack } from '@baton/domain'
import {
  demoOutageEvents,
  demoWorld,
  demoWorldWithStratusResponseIn30Min,
} from '@baton/domain/testing'
import { createTestDatabase, TEST_SIGNING_KEY, type TestDatabase } from '../testing/index.ts'
import { applyWorld } from '../world/apply-world.ts'
import { verifyLedger } from '../ledger/verify-ledger.ts'
import { recordIncident } from '../testing/record-incident.ts'
import { settleIncident } from './settle-incident.ts'
import { recomputeWhatIf } from './recompute-what-if.ts'
import { monthlyCreditStatements } from './monthly-credit-statements.ts'
import { computeScorecard } from './compute-scorecard.ts'
import { decideDispute, openDispute } from './disputes.ts'
import { exportParty } from './party-export.ts'
import { verifyPartyExport } from './verify-party-export.ts'
import { importPartyExport } from './import-party-export.ts'
import { gatherMonthlyPack, listReviewPacks, storeReviewPack } from './review-pack-data.ts'

const KEY = 'test-master-key'
const march = ['2026-03-01T00:00:00Z', '2026-04-01T00:00:00Z'] as const
const asOf = new Date('2026-04-02T00:00:00Z')
let t: TestDatabase
let outage: Awaited<ReturnType<typeof recordIncident>>
const settleOutage = (o = outage) =>
  settleIncident(t.db, {
    incidentId: o.id,
    incidentKey: o.key,
    workflowId: o.workflowId,
    closedAt: demoOutageEvents.at(-1)!.at,
    events: demoOutageEvents,
    world: demoWorld,
  })
const ledgerTypes = async (id: string) =>
  (await t.sql`select type from ledger_entries where incident_id = ${id} order by seq`).map(
    (r) => r.type as string
  )

beforeAll(async () => {
  t = await createTestDatabase(inject('pgAdminUrl'), inject('pgTemplate'))
  await applyWorld(t.db, demoWorld, { masterKey: KEY, resolveSecret: () => 'unused' })
  outage = await recordIncident(t.db, 'outage', demoOutageEvents, demoWorld)
})
afterAll(() => t?.drop())

describe('settlement on close', () => {
  it('persists attribution and credit lines once, with one ledger entry', async () => {
    const first = await settleOutage()
    const again = await settleOutage()
    expect(first).toMatchObject({
      settled: true,
      breaches: 4,
      credits: [
        { party: 'stratus', total: 2400 },
        { party: 'vistula', total: 6400 },
      ],
    })
    expect(again).toEqual({ ...first, settled: false })
    expect(
      (await ledgerTypes(outage.id)).filter((x) => x === 'accountability.settled')
    ).toHaveLength(1)
    const lines =
      await t.sql`select party, clock_id, amount::float as amount, period, kind from credit_lines where incident_id = ${outage.id} order by party, clock_id`
    expect(lines.map((l) => [l.party, l.clock_id, l.amount, l.period, l.kind])).toEqual([
      ['stratus', 'stratus-hosting@1/RESPONSE/stratus/1', 2400, '2026-03', 'BREACH'],
      ['vistula', 'checkout-availability@1/RESOLUTION/northwind/1', 4000, '2026-03', 'BREACH'],
      ['vistula', 'handoff-acceptance@1/HANDOFF_ACCEPT/vistula/1', 2400, '2026-03', 'BREACH'],
    ])
    const attributed =
      await t.sql`select clock_id, attributed_to from incident_attributions where incident_id = ${outage.id} order by breached_at, clock_id`
    expect(attributed.map((a) => `${a.clock_id} -> ${a.attributed_to}`)).toEqual([
      'containment@1/HANDOFF_ACCEPT/stratus/1 -> stratus',
      'stratus-hosting@1/RESPONSE/stratus/1 -> stratus',
      'handoff-acceptance@1/HANDOFF_ACCEPT/vistula/1 -> vistula',
      'checkout-availability@1/RESOLUTION/northwind/1 -> vistula',
    ])
    expect((await verifyLedger(t.db, outage.id)).ok).toBe(true)
  })

  it('recomputes under a new agreement version only as an audited what-if', async () => {
    const v2 = demoWorldWithStratusResponseIn30Min('2026-06-01T00:00:00Z')
    await applyWorld(t.db, v2, { masterKey: KEY, resolveSecret: () => 'unused' })
    const r = await recomputeWhatIf(t.db, outage.id, { requestedBy: 'dana' })
    expect(r.agreementVersions['stratus-hosting']).toBe(2)
    expect(r.diff.credits).toEqual([
      { party: 'stratus', agreement: 'stratus-hosting', before: 2400, after: 0, delta: -2400 },
    ])
    const [entry] =
      await t.sql`select actor, data from ledger_entries where incident_id = ${outage.id} and type = 'accountability.what_if'`
    expect(entry).toMatchObject({
      actor: 'dana',
      data: { agreementVersions: { 'stratus-hosting': 2 } },
    })
    const [sum] =
      await t.sql`select sum(amount)::float as s from credit_lines where party = 'stratus'`
    expect(sum!.s).toBe(2400)
    await expect(
      recomputeWhatIf(t.db, outage.id, { agreementVersions: { 'stratus-hosting': 7 } })
    ).rejects.toMatchObject({ code: 'BAD_USER_INPUT' })
  })
})

describe('credits and scorecards per period', () => {
  it('bills March 2026: Stratus USD 2,400, Vistula USD 6,400', async () => {
    const [stratus] = await monthlyCreditStatements(t.db, 'stratus', ['2026-03'], { asOf })
    const [vistula] = await monthlyCreditStatements(t.db, 'vistula', ['2026-03'], { asOf })
    expect([stratus?.total, vistula?.total]).toEqual([2400, 6400])
  })

  it('shows the attributions and credits in the scorecards', async () => {
    const stratus = await computeScorecard(t.db, 'stratus', ...march, { asOf })
    expect(stratus.breachesAttributed.map((b) => b.clockId)).toEqual([
      'containment@1/HANDOFF_ACCEPT/stratus/1',
      'stratus-hosting@1/RESPONSE/stratus/1',
    ])
    expect(stratus.credits).toMatchObject({ currency: 'USD', accrued: 2400, total: 2400 })
    expect(stratus.mttr).toEqual({ count: 1, meanMs: 119 * 60_000 })
    const vistula = await computeScorecard(t.db, 'vistula', ...march, { asOf })
    expect(vistula.breachesAttributed.map((b) => b.clockId)).toEqual([
      'handoff-acceptance@1/HANDOFF_ACCEPT/vistula/1',
      'checkout-availability@1/RESOLUTION/northwind/1',
    ])
    expect(vistula.credits.total).toBe(6400)
    await expect(computeScorecard(t.db, 'nobody', ...march)).rejects.toMatchObject({
      code: 'NOT_FOUND',
    })
  })

  it('renders and stores the monthly pack once per period', async () => {
    const pack = renderMonthlyPack(await gatherMonthlyPack(t.db, 'stratus', '2026-03', asOf))
    expect(pack.markdown).toContain('| credits owed | USD 2,400.00 |')
    expect((await storeReviewPack(t.db, pack)).created).toBe(true)
    expect((await storeReviewPack(t.db, pack)).created).toBe(false)
    expect((await listReviewPacks(t.db, { party: 'stratus' })).map((p) => p.key)).toEqual([
      'monthly/stratus/2026-03',
    ])
  })
})

/** `party` disputes the outage's clock `clockId` with `evidence`. */
const disputeOutage = (party: string, clockId: string, evidence: string) =>
  openDispute(t.db, { incidentId: outage.id, clockId, party, evidence })

describe('disputes', () => {
  it('an accepted dispute removes the breach from the credits by exactly its amount, every step in the ledger', async () => {
    const before = (await monthlyCreditStatements(t.db, 'vistula', ['2026-03'], { asOf }))[0]!.total
    await expect(
      disputeOutage('vistula', 'stratus-hosting@1/RESPONSE/stratus/1', 'x')
    ).rejects.toMatchObject({ code: 'CONFLICT' })
    const d = await disputeOutage(
      'vistula',
      'handoff-acceptance@1/HANDOFF_ACCEPT/vistula/1',
      'the on-call pager gateway was down (carrier incident CX-88)'
    )
    await expect(
      disputeOutage('vistula', 'handoff-acceptance@1/HANDOFF_ACCEPT/vistula/1', 'again')
    ).rejects.toMatchObject({ code: 'CONFLICT' })
    const decided = await decideDispute(t.db, {
      disputeId: d.id,
      accept: true,
      reason: 'carrier outage confirmed',
      decidedBy: 'dana',
    })
    expect(decided).toMatchObject({ state: 'ACCEPTED', adjustment: -2400 })
    await expect(
      decideDispute(t.db, { disputeId: d.id, accept: false, reason: 'no', decidedBy: 'dana' })
    ).rejects.toMatchObject({ code: 'CONFLICT' })
    const after = (await monthlyCreditStatements(t.db, 'vistula', ['2026-03'], { asOf }))[0]!
    expect(before - after.total).toBe(2400)
    expect(after.adjustments).toEqual([
      expect.objectContaining({
        clockId: 'handoff-acceptance@1/HANDOFF_ACCEPT/vistula/1',
        amount: -2400,
      }),
    ])
    expect((await computeScorecard(t.db, 'vistula', ...march, { asOf })).credits.total).toBe(4000)
    expect((await ledgerTypes(outage.id)).slice(-2)).toEqual([
      'attribution.disputed',
      'attribution.dispute_accepted',
    ])
    const [adj] =
      await t.sql`select amount::float as amount from credit_lines where kind = 'ADJUSTMENT' and dispute_id = ${d.id}`
    expect(adj!.amount).toBe(-2400)
    expect((await verifyLedger(t.db, outage.id)).ok).toBe(true)
  })

  it('a rejected dispute changes nothing but the record', async () => {
    const d = await disputeOutage('stratus', 'stratus-hosting@1/RESPONSE/stratus/1', 'we were busy')
    await decideDispute(t.db, {
      disputeId: d.id,
      accept: false,
      reason: 'not a valid exclusion',
      decidedBy: 'dana',
    })
    expect((await monthlyCreditStatements(t.db, 'stratus', ['2026-03'], { asOf }))[0]!.total).toBe(
      2400
    )
    expect((await ledgerTypes(outage.id)).at(-1)).toBe('attribution.dispute_rejected')
  })

  it('concurrent openers of one clock: exactly one dispute opens, the others answer CONFLICT', async () => {
    const clockId = 'stratus-hosting@1/RESPONSE/stratus/1'
    const results = await Promise.allSettled(
      Array.from({ length: 5 }, (_, i) =>
        openDispute(t.db, {
          incidentId: outage.id,
          clockId,
          party: 'stratus',
          evidence: `opener ${i}`,
        })
      )
    )
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1)
    for (const r of results.filter((x): x is PromiseRejectedResult => x.status === 'rejected'))
      expect(r.reason).toMatchObject({ code: 'CONFLICT' })
    const [open] =
      await t.sql`select count(*)::int as n from disputes where incident_id = ${outage.id} and clock_id = ${clockId} and state = 'OPEN'`
    expect(open!.n).toBe(1)
  })
})

describe('exit export', () => {
  it('exports, verifies offline, and an import into an empty Baton reproduces the scorecards', async () => {
    for (const party of ['vistula', 'stratus']) {
      const ex = await exportParty(t.db, party, { now: asOf, signingKey: TEST_SIGNING_KEY })
      const read = (n: string) => ex.files[n] ?? null
      expect(
        verifyPartyExport(read, { publicKeyPem: TEST_SIGNING_KEY.publicKeyPem })
      ).toMatchObject({
        ok: true,
        problems: [],
        incidents: 1,
        signature: { ok: true, pinned: true },
      })
      expect(ex.manifest.files.find((f) => f.name === 'incidents.ndjson')?.count).toBe(1)
      const fresh = await createTestDatabase(inject('pgAdminUrl'), inject('pgTemplate'))
      try {
        await importPartyExport(fresh.db, read, { masterKey: KEY })
        expect(await computeScorecard(fresh.db, party, ...march, { asOf })).toEqual(
          await computeScorecard(t.db, party, ...march, { asOf })
        )
        expect((await verifyLedger(fresh.db)).ok).toBe(true)
        await expect(importPartyExport(fresh.db, read, { masterKey: KEY })).rejects.toMatchObject({
          code: 'CONFLICT',
        })
      } finally {
        await fresh.drop()
      }
    }
  })

  it('fails verification at exactly the ledger entry edited behind the trigger', async () => {
    const other = await recordIncident(
      t.db,
      'tampered',
      demoOutageEvents.map((e) => ({
        ...e,
        at: new Date(Date.parse(e.at) + 86_400_000 * 7).toISOString(),
      })),
      demoWorld
    )
    await t.owner.begin(async (tx) => {
      await tx.unsafe('alter table ledger_entries disable trigger ledger_entries_append_only')
      await tx`update ledger_entries set actor = 'someone-else' where incident_id = ${other.id} and seq = 5`
      await tx.unsafe('alter table ledger_entries enable trigger ledger_entries_append_only')
    })
    const ex = await exportParty(t.db, 'vistula', { now: asOf, signingKey: TEST_SIGNING_KEY })
    const v = verifyPartyExport((n) => ex.files[n] ?? null)
    expect(v.ok).toBe(false)
    expect(v.firstBrokenEntry).toMatchObject({ incidentId: other.id, seq: 5 })
    expect(v.problems).toEqual([
      expect.objectContaining({
        file: 'ledger.ndjson',
        incidentId: other.id,
        seq: 5,
        message: 'hash does not match the entry content',
      }),
    ])
    const forged = ex.files['credit-lines.ndjson']!.replace('2400', '240')
    expect(
      verifyPartyExport((n) =>
        n === 'credit-lines.ndjson' ? forged : (ex.files[n] ?? null)
      ).problems.map((p) => p.file)
    ).toContain('credit-lines.ndjson')
  })
})
