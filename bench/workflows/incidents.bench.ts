// Incidents started per second end to end (allocate -> workflow -> first ledger entry and
// projection row) and the lateness of OLA timers with 2,000 open incidents each waiting on a
// hand-off, beside a same-run baseline: an empty workflow started and completed on the same server.
//
// The two phases run on separate workers and task queues: the start-rate incidents are parked
// (their worker stops) so their clocks and ladders do not load the lateness phase. The OLA is
// long enough (BENCH_OLA_SECONDS, default 600 s, a 15-minute P1 hand-off OLA scaled) that every
// incident is open and waiting before the first timer fires: the figure is timer lateness with
// 2,000 open incidents, not the cost of opening them. (Deadlines spread over ten minutes:
// timers.bench.ts.) Env: BENCH_STARTS (300), BENCH_OPEN (2,000), BENCH_OLA_SECONDS (600);
// BENCH_QUICK=1: 50 starts, 100 open incidents, a 90 s OLA.
import { randomUUID } from 'node:crypto'
import {
  declareIncident,
  percentile,
  runConcurrent,
  startBenchStack,
} from '../support/bench-stack.ts'
import { machineLine } from '../support/cpu-meter.ts'
import { benchWorkers, everyMs, sendCommand, stopWorkers } from '../support/incident-worker.ts'

const QUICK = process.env.BENCH_QUICK === '1'
const STARTS = Number(process.env.BENCH_STARTS ?? (QUICK ? 50 : 300))
const OPEN = Number(process.env.BENCH_OPEN ?? (QUICK ? 100 : 2000))
const OLA_SECONDS = Number(process.env.BENCH_OLA_SECONDS ?? (QUICK ? 90 : 600))
const stack = await startBenchStack({ scale: OLA_SECONDS / (15 * 60) })
const workers = await benchWorkers(stack)
const queue = `bench-${randomUUID()}`
const fmt = (n: number) => n.toFixed(1).padStart(8)
let timerBaseline: number[] = []
console.log(machineLine())

try {
  // Phase 1: start rate.
  const startWorker = await workers.incidents(`${queue}-starts`)
  const baselineWorker = await workers.bare(`${queue}-empty`)
  const phase1 = Promise.all([startWorker.run(), baselineWorker.run()])
  try {
    const base = await runConcurrent(STARTS, 20, (i) =>
      stack.client.workflow.execute('emptyWorkflow', {
        taskQueue: `${queue}-empty`,
        workflowId: `empty-${i}-${randomUUID()}`,
      })
    )
    const real = await runConcurrent(STARTS, 20, () =>
      declareIncident(stack, `${queue}-starts`, { priority: 'P1', holder: 'stratus' })
    )
    console.log(`incidents started end to end (${STARTS}, 20 concurrent)`)
    console.log(
      `  baseline empty workflow  ${fmt(STARTS / base.seconds)} /s   p50 ${fmt(percentile(base.latencies, 50))} ms   p99 ${fmt(percentile(base.latencies, 99))} ms`
    )
    console.log(
      `  declare -> projection    ${fmt(STARTS / real.seconds)} /s   p50 ${fmt(percentile(real.latencies, 50))} ms   p99 ${fmt(percentile(real.latencies, 99))} ms`
    )
    console.log(
      `  (baseline = an empty workflow started and completed; an incident is also a ledger entry + projection row in Postgres)`
    )
    // The timer baseline: as many bare workflows, each sleeping 30 s past its start, on the same server.
    const handles: Promise<number>[] = []
    await runConcurrent(OPEN, 50, async (i) => {
      const h = await stack.client.workflow.start('bareTimerWorkflow', {
        taskQueue: `${queue}-empty`,
        workflowId: `timer-${i}-${randomUUID()}`,
        args: [Date.now() + 30_000],
      })
      handles.push(h.result())
    })
    timerBaseline = await Promise.all(handles)
    console.log(
      `baseline: ${OPEN} bare workflow timers (sleep 30 s, nothing else): lateness p50 ${fmt(percentile(timerBaseline, 50))} ms   p99 ${fmt(percentile(timerBaseline, 99))} ms`
    )
  } finally {
    await stopWorkers([startWorker, baselineWorker], phase1)
  }

  // Phase 2: 2,000 open incidents, each with an unanswered hand-off on a P1 OLA.
  const worker = await workers.incidents(`${queue}-open`)
  const running = worker.run()
  try {
    console.log(
      `\nopening ${OPEN} incidents, each with a hand-off waiting on its ${OLA_SECONDS} s (scaled 15 min) OLA…`
    )
    let done = 0
    const progress = everyMs(15_000, () => `  …${done}/${OPEN} waiting on their OLA`)
    const firstOffer = Date.now()
    const offered = await runConcurrent(OPEN, 50, async () => {
      const inc = await declareIncident(stack, `${queue}-open`, {
        priority: 'P1',
        holder: 'stratus',
      })
      await sendCommand(inc.handle, { type: 'acknowledged', party: 'stratus' })
      await sendCommand(inc.handle, {
        type: 'handoff_offered',
        handoffId: '',
        from: 'stratus',
        to: 'vistula',
        reason: 'bench',
      })
      done++
    }).finally(progress)
    const openedIn = offered.seconds
    console.log(
      `  opened in ${openedIn.toFixed(1)} s (${fmt(OPEN / openedIn).trim()} incidents/s, 3 round trips each)`
    )
    if (openedIn >= OLA_SECONDS)
      console.log(
        `  WARNING: opening took longer than the OLA, so early timers fired while incidents were still opening; raise BENCH_OLA_SECONDS`
      )
    const deadline = firstOffer + (OLA_SECONDS + openedIn + 300) * 1000
    let last = -1
    for (;;) {
      const [row] = await stack.db
        .sql`select count(*)::int as n from ledger_entries where type = 'handoff_expired'`
      if (row!.n >= OPEN || Date.now() > deadline) break
      if (row!.n !== last && row!.n > 0) {
        console.log(`  …${row!.n}/${OPEN} OLA timers fired`)
        last = row!.n
      }
      await new Promise((r) => setTimeout(r, 5000))
    }
    const rows = await stack.db
      .sql`select extract(epoch from (recorded_at - at)) * 1000 as late from ledger_entries where type = 'handoff_expired'`
    const late = rows.map((r) => Number(r.late))
    console.log(
      `OLA timer lateness (deadline -> expiry recorded in the ledger), ${late.length}/${OPEN} fired, ${OPEN} incidents open`
    )
    console.log(
      `  p50 ${fmt(percentile(late, 50))} ms   p99 ${fmt(percentile(late, 99))} ms   max ${fmt(Math.max(...late))} ms`
    )
    console.log(
      `  baseline bare timers      p50 ${fmt(percentile(timerBaseline, 50))} ms   p99 ${fmt(percentile(timerBaseline, 99))} ms`
    )
    console.log(
      `  (each expiry is a workflow task, a ledger entry + projection write, and an escalation on the receiver's ladder)`
    )
  } finally {
    await stopWorkers([worker], running)
  }
  console.log(machineLine('machine after'))
} catch (error) {
  // Said before the stack closes: in-flight client retries may then fail loudly on the closed channel.
  console.error('workflows bench failed:', error)
  process.exitCode = 1
} finally {
  await stack.close()
  await workers.close()
}
