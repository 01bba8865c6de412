// Issue #23's timer goal: BENCH_TIMERS (10,000) open incidents whose hand-off acceptance deadlines
// are spread evenly over BENCH_SPREAD_SECONDS (600): what a real week looks like, not a thundering
// herd. Prints expiry lateness (deadline -> `handoff_expired` recorded in the ledger) p50/p99 (goal
// p99 < 1 s) beside the same spread of bare workflow timers on the same server, in the same window.
//
// Set-up, before the window (with progress): each incident is declared retroactively (opened
// BENCH_OLA_SECONDS ago) and acknowledged; the start rate measured there sizes the window's
// common start T0. Then the bare timers start (bareTimerSeriesWorkflow, BENCH_BARE_PER_WORKFLOW
// (10) deadlines each, in series) and every incident gets its offer to another vendor, backdated
// so that its acceptance OLA (the world's 15-minute P1 OLA scaled to BENCH_OLA_SECONDS, 1,800)
// ends at T0 + i x spread / count. Deadline i of the bare timers is the same instant. The
// incidents run on the incident worker, the bare timers on their own worker in this process.
// BENCH_QUICK=1: 500 over 60 s.
import { randomUUID } from 'node:crypto'
import {
  declareIncident,
  percentile,
  runConcurrent,
  startBenchStack,
} from '../support/bench-stack.ts'
import { machineLine } from '../support/cpu-meter.ts'
import { printExpiryTraces, traceExpiry, type ExpiryTrace } from './expiry-trace.ts'
import {
  benchWorkers,
  everyMs,
  sendCommand,
  stopWorkers,
  type BenchWorkers,
} from '../support/incident-worker.ts'

const QUICK = process.env.BENCH_QUICK === '1'
const COUNT = Number(process.env.BENCH_TIMERS ?? (QUICK ? 500 : 10_000))
const SPREAD_S = Number(process.env.BENCH_SPREAD_SECONDS ?? (QUICK ? 60 : 600))
const OLA_S = Number(process.env.BENCH_OLA_SECONDS ?? 1800)
const PER_BARE = Number(process.env.BENCH_BARE_PER_WORKFLOW ?? 10)
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 20)
const TRACE = Number(process.env.BENCH_TRACE ?? 100)
const benchStart = Date.now()
const fmt = (n: number) => n.toFixed(1).padStart(8)
const iso = (ms: number) => new Date(ms).toISOString()

console.log(machineLine())
const stack = await startBenchStack({ scale: OLA_S / (15 * 60) })
let workers: BenchWorkers | undefined
try {
  workers = await benchWorkers(stack)
  const queue = `bench-timers-${randomUUID()}`
  const worker = await workers.incidents(`${queue}-incidents`)
  const bare = await workers.bare(`${queue}-bare`)
  const running = Promise.all([worker.run(), bare.run()])
  try {
    // 1. Open and acknowledge every incident, retroactively: opened OLA ago, acknowledged 1 s later.
    const openedAt = benchStart - OLA_S * 1000
    let opened = 0
    const t1 = Date.now()
    const stop1 = everyMs(10_000, () => {
      const s = (Date.now() - t1) / 1000
      return `  …${opened}/${COUNT} open and acknowledged (${(opened / s).toFixed(1)}/s)`
    })
    console.log(`opening ${COUNT} incidents (${CONCURRENCY} at a time)…`)
    const handles: Awaited<ReturnType<typeof declareIncident>>['handle'][] = []
    const incidentIds: string[] = []
    const phase1 = await runConcurrent(COUNT, CONCURRENCY, async (i) => {
      const inc = await declareIncident(stack, `${queue}-incidents`, {
        priority: 'P1',
        holder: 'stratus',
        openedAt: iso(openedAt),
        wait: false,
      })
      handles[i] = inc.handle
      incidentIds[i] = inc.id
      await sendCommand(inc.handle, {
        type: 'acknowledged',
        party: 'stratus',
        at: iso(openedAt + 1000),
      })
      opened++
    }).finally(stop1)
    const rate = COUNT / phase1.seconds
    console.log(`  opened in ${phase1.seconds.toFixed(1)} s (${rate.toFixed(1)} incidents/s)`)

    // 2. T0 leaves time for the offers (one update each, at most the rate above) and the bare starts.
    const t0 = Date.now() + (COUNT / rate + COUNT / PER_BARE / 50 + 15) * 1000
    const deadline = (i: number) => t0 + Math.floor((i * SPREAD_S * 1000) / COUNT)
    if (t0 + SPREAD_S * 1000 - OLA_S * 1000 > Date.now())
      throw new Error(`BENCH_OLA_SECONDS ${OLA_S} is too short for this start rate: raise it`)
    console.log(
      `window: deadlines from T0 (in ${((t0 - Date.now()) / 1000).toFixed(0)} s) every ${((SPREAD_S * 1000) / COUNT).toFixed(1)} ms for ${SPREAD_S} s`
    )
    const bareRuns: Promise<number[]>[] = []
    const lanes = Math.ceil(COUNT / PER_BARE)
    await runConcurrent(lanes, CONCURRENCY, async (lane) => {
      const untils = Array.from({ length: PER_BARE }, (_, k) => lane + k * lanes)
        .filter((i) => i < COUNT)
        .map(deadline)
      const h = await stack.client.workflow.start('bareTimerSeriesWorkflow', {
        taskQueue: `${queue}-bare`,
        workflowId: `bare-timers-${lane}-${randomUUID()}`,
        args: [untils],
      })
      bareRuns.push(h.result())
    })
    let offered = 0
    const stop2 = everyMs(10_000, () => `  …${offered}/${COUNT} offers sent`)
    console.log(`started ${lanes} bare timer workflows; offering ${COUNT} hand-offs…`)
    await runConcurrent(COUNT, CONCURRENCY, async (i) => {
      await sendCommand(handles[i]!, {
        type: 'handoff_offered',
        handoffId: '',
        from: 'stratus',
        to: 'vistula',
        reason: 'bench',
        at: iso(deadline(i) - OLA_S * 1000),
      })
      offered++
    }).finally(stop2)
    const lead = (t0 - Date.now()) / 1000
    console.log(
      lead > 0
        ? `  every offer in, ${lead.toFixed(1)} s before T0`
        : `  WARNING: the offers ended ${(-lead).toFixed(1)} s after T0, so early deadlines passed while offering (their lateness counts)`
    )

    // 3. The window, then a drain of up to 120 s.
    const expired = async () =>
      (
        await stack.db
          .sql`select count(*)::int as n from ledger_entries where type = 'handoff_expired'`
      )[0]!.n as number
    const stop3 = everyMs(10_000, () => {
      const due = Math.max(
        0,
        Math.min(COUNT, Math.ceil(((Date.now() - t0) * COUNT) / (SPREAD_S * 1000)))
      )
      return `  …${due}/${COUNT} deadlines passed, ${lastCount} expiries recorded`
    })
    let lastCount = 0
    const end = t0 + (SPREAD_S + 120) * 1000
    while (Date.now() < end && (lastCount = await expired()) < COUNT)
      await new Promise((r) => setTimeout(r, 2000))
    stop3()
    const bareLate = (await Promise.all(bareRuns)).flat()
    const rows = await stack.db.sql`
      select extract(epoch from (recorded_at - at)) * 1000 as late, extract(epoch from at) * 1000 as at,
        extract(epoch from recorded_at) * 1000 as recorded, incident_id
      from ledger_entries where type = 'handoff_expired'`
    const late = rows.map((r) => Number(r.late))
    const ats = rows.map((r) => Number(r.at))
    console.log(
      `\ntimer lateness, ${COUNT} deadlines spread over ${SPREAD_S} s (${late.length}/${COUNT} incident expiries recorded, deadlines ${((Math.min(...ats) - t0) / 1000).toFixed(1)} s to ${((Math.max(...ats) - t0) / 1000).toFixed(1)} s after T0)`
    )
    console.log(
      `  incident hand-off expiry   p50 ${fmt(percentile(late, 50))} ms   p99 ${fmt(percentile(late, 99))} ms   max ${fmt(Math.max(...late))} ms   goal p99 < 1000 ms: ${late.length === COUNT && percentile(late, 99) < 1000 ? 'met' : 'NOT met'}`
    )
    console.log(
      `  baseline bare timers       p50 ${fmt(percentile(bareLate, 50))} ms   p99 ${fmt(percentile(bareLate, 99))} ms   max ${fmt(Math.max(...bareLate))} ms   (${bareLate.length} timers in ${lanes} workflows, same instants)`
    )
    console.log(
      `  (an expiry is a workflow task, a ledger entry + projection write and an escalation on the receiver's ladder; a bare timer is a workflow task)`
    )
    // BENCH_TRACE (100) expiries, evenly over the window, read from their histories.
    const traces: ExpiryTrace[] = []
    const byIncident = new Map(rows.map((r) => [String(r.incident_id), r]))
    const step = Math.max(1, Math.floor(COUNT / Math.max(1, TRACE)))
    for (let i = 0; i < COUNT && TRACE > 0; i += step) {
      const row = byIncident.get(incidentIds[i]!)
      if (!row) continue
      const trace = await traceExpiry(
        stack.client,
        handles[i]!.workflowId,
        Number(row.at),
        Number(row.recorded)
      ).catch(() => null)
      if (trace) traces.push(trace)
    }
    printExpiryTraces(traces)
  } finally {
    await stopWorkers([worker, bare], running)
  }
  console.log(machineLine('machine after'))
} catch (error) {
  console.error('timers bench failed:', error)
  process.exitCode = 1
} finally {
  await stack.close()
  await workers?.close()
}
