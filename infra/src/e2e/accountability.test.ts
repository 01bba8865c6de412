import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import {
  computeScorecard,
  decideDispute,
  exportParty,
  gatherMonthlyPack,
  importPartyExport,
  loadPinnedWorld,
  openDispute,
} from '@baton/db'
import { createTestDatabase, TEST_SIGNING_KEY } from '@baton/db/testing'
import { renderMonthlyPack, type IncidentEvent } from '@baton/domain'
import { demoOutageEvents } from '@baton/domain/testing'
import { commandUpdate, incidentWorkflowId, type IncidentCommand } from '@baton/temporal'
import { createAccountabilityActivities } from '@baton/workflows'
import { createHarness, TEST_MASTER_KEY, type Harness } from '../testing/e2e-harness.ts'
import { advance, outageP1 } from '../testing/scenario-clock.ts'
import { verifyExportDir } from '../cli/verify-export-command.ts'
import { exportDirReader, writeExport } from '../cli/export-dir.ts'

// The docs/scenario.md outage played through the real incident workflow on a simulated incident
// clock (advanced event by event, so the real agreement durations apply), then settled as the
// workflow will on close, and carried through scorecards, the monthly pack, a dispute and an exit export.
const march = ['2026-03-01T00:00:00Z', '2026-04-01T00:00:00Z'] as const
const asOf = new Date('2026-04-02T00:00:00Z')
let h: Harness
let incident: { id: string; key: string }
const dirs: string[] = []

beforeAll(async () => {
  h = await createHarness({ scale: 1, withoutIntegrations: true })
  await h.startWorker()
  const openedAt = demoOutageEvents[0]!.at
  const inc = await h.declare(outageP1('outage-accountability', openedAt))
  const ids = new Map<string, string>()
  for (const e of demoOutageEvents.slice(1)) {
    if (e.type === 'handoff_expired') continue // the workflow expires overdue offers itself
    await advance(inc, e.at)
    const command = (
      'handoffId' in e
        ? { ...e, handoffId: e.type === 'handoff_offered' ? '' : ids.get(e.handoffId)! }
        : e
    ) as IncidentCommand
    const r = await inc.handle.executeUpdate(commandUpdate, { args: [command] })
    if (e.type === 'handoff_offered') ids.set(e.handoffId, r.handoffId!)
  }
  await inc.handle.result()
  incident = inc
  // What the incident workflow does on close once the lead wires it: settle with its events and pinned world.
  const [row] = await h.t.sql`select state from incidents where id = ${inc.id}`
  const events = row!.state.events as IncidentEvent[]
  await createAccountabilityActivities({ db: h.t.db }).settleIncident({
    incidentId: inc.id,
    incidentKey: inc.key,
    workflowId: incidentWorkflowId(inc.key),
    closedAt: events.at(-1)!.at,
    events,
    world: await loadPinnedWorld(h.t.db, openedAt),
  })
}, 180_000)
afterAll(async () => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true })
  await h?.close()
})

describe('accountability of the docs/scenario.md outage, end to end', () => {
  it('scores Stratus and Vistula with their attributed breaches and USD 2,400 / USD 6,400', async () => {
    const stratus = await computeScorecard(h.t.db, 'stratus', ...march, { asOf })
    expect(stratus.breachesAttributed.map((b) => `${b.agreement} ${b.metric}`)).toEqual([
      'containment@1 HANDOFF_ACCEPT',
      'stratus-hosting@1 RESPONSE',
    ])
    expect(stratus.credits).toMatchObject({ currency: 'USD', total: 2400 })
    const vistula = await computeScorecard(h.t.db, 'vistula', ...march, { asOf })
    expect(vistula.breachesAttributed.map((b) => `${b.agreement} ${b.metric}`)).toEqual([
      'handoff-acceptance@1 HANDOFF_ACCEPT',
      'checkout-availability@1 RESOLUTION',
    ])
    expect(vistula.credits).toMatchObject({ currency: 'USD', total: 6400 })
    const [settled] = await h.t
      .sql`select count(*)::int as n from ledger_entries where incident_id = ${incident.id} and type = 'accountability.settled'`
    expect(settled!.n).toBe(1)
  })

  it('puts the same figures in the monthly packs', async () => {
    const stratus = renderMonthlyPack(await gatherMonthlyPack(h.t.db, 'stratus', '2026-03', asOf))
    expect(stratus.markdown).toContain('| credits owed | USD 2,400.00 |')
    expect(stratus.markdown).toContain(
      `| ${incident.key} | stratus-hosting@1 | UC | RESPONSE | stratus | 2026-03-06T20:35:00.000Z |`
    )
    const vistula = renderMonthlyPack(await gatherMonthlyPack(h.t.db, 'vistula', '2026-03', asOf))
    expect(vistula.markdown).toContain('| credits owed | USD 6,400.00 |')
  })

  it('exports Vistula, verifies offline, imports into an empty Baton with the same scorecards; a dispute moves credits by its amount', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'baton-export-'))
    dirs.push(dir)
    const ex = await exportParty(h.t.db, 'vistula', { now: asOf, signingKey: TEST_SIGNING_KEY })
    writeExport(dir, ex.files)
    expect(verifyExportDir(dir)).toMatchObject({ ok: true, incidents: 1 })
    const fresh = await createTestDatabase(inject('pgAdminUrl'), inject('pgTemplate'))
    try {
      await importPartyExport(fresh.db, exportDirReader(dir), {
        masterKey: TEST_MASTER_KEY,
        publicKeyPem: TEST_SIGNING_KEY.publicKeyPem,
      })
      expect(await computeScorecard(fresh.db, 'vistula', ...march, { asOf })).toEqual(
        await computeScorecard(h.t.db, 'vistula', ...march, { asOf })
      )
    } finally {
      await fresh.drop()
    }

    const d = await openDispute(h.t.db, {
      incidentId: incident.id,
      clockId: 'checkout-availability@1/RESOLUTION/northwind/1',
      party: 'vistula',
      evidence: "the WAF change that caused the defect was Stratus's",
    })
    await decideDispute(h.t.db, {
      disputeId: d.id,
      accept: true,
      reason: 'root cause confirmed in the WAF',
      decidedBy: 'northwind/dana',
    })
    expect((await computeScorecard(h.t.db, 'vistula', ...march, { asOf })).credits.total).toBe(
      6400 - 4000
    )
  })

  it('fails offline verification at exactly the ledger entry edited directly in SQL', async () => {
    type Shown = { incidentId: string; seq: number; redacted?: boolean }
    const shown = (ex: { files: Record<string, string> }) =>
      ex.files['ledger.ndjson']!.split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as Shown)
        .filter((e) => e.incidentId === incident.id)
    // The entry to edit is one shown redacted to Stratus, chosen from an export before the edit:
    // the order of the ledger's entries is not fixed (batched writes, workflow timers), so no seq is.
    const before = await exportParty(h.t.db, 'stratus', { now: asOf, signingKey: TEST_SIGNING_KEY })
    const seq = shown(before).find((e) => e.redacted)?.seq
    expect(seq).toBeDefined()
    await h.t.owner.begin(async (tx) => {
      await tx.unsafe('alter table ledger_entries disable trigger ledger_entries_append_only')
      await tx`update ledger_entries set data = jsonb_set(data, '{reason}', '"forged"') where incident_id = ${incident.id} and seq = ${seq!}`
      await tx.unsafe('alter table ledger_entries enable trigger ledger_entries_append_only')
    })
    const dir = mkdtempSync(join(tmpdir(), 'baton-export-'))
    dirs.push(dir)
    const ex = await exportParty(h.t.db, 'stratus', { now: asOf, signingKey: TEST_SIGNING_KEY })
    writeExport(dir, ex.files)
    const v = verifyExportDir(dir)
    expect(v.ok).toBe(false)
    expect(v.firstBrokenEntry).toMatchObject({ incidentId: incident.id, seq })
    expect(v.problems).toHaveLength(1)
    // the entry is shown redacted to Stratus: only Baton's check of the full chain at export can name it
    expect(shown(ex).find((e) => e.seq === seq)?.redacted).toBe(true)
    expect(ex.manifest.ledger.brokenAtExport).toMatchObject([{ incidentId: incident.id, seq }])
    // and a file edited after export fails its manifest hash
    writeFileSync(
      join(dir, 'credit-lines.ndjson'),
      readFileSync(join(dir, 'credit-lines.ndjson'), 'utf8').replace('2400', '24')
    )
    expect(verifyExportDir(dir).problems.map((p) => p.file)).toContain('credit-lines.ndjson')
  })
})
