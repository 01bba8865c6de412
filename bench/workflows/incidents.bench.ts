// Incidents started per second end to end (allocate -> workflow -> first ledger entry and
// projection row) and the lateness of OLA timers with 2,000 open incidents each waiting on a
// hand-off, beside a same-run baseline: an empty workflow started and completed on the same server.
//
// The two phases run on separate workers and task queues: the start-rate incidents are parked
// (their worker stops) so their clocks and ladders do not load the lateness phase. The OLA is
// long enough (BENCH_OLA_SECONDS, default 600 s, a 15-minute P1 hand-off OLA scaled) that every
// incident is open and waiting before the first timer fires: the figure is timer lateness with
// 2,000 open incidents, not the cost of opening them.
import { randomUUID } from 'node:crypto'
import { cpus, loadavg } from 'node:os'
import { fileURLToPath } from 'node:url'
import { WorkflowUpdateRPCTimeoutOrCancelledError } from '@temporalio/client'
import { Worker } from '@temporalio/worker'
import { commandUpdate, type IncidentCommand } from '@baton/temporal'
import { createIncidentWorker } from '@baton/workflows'
import {
  declareIncident,
  percentile,
  runConcurrent,
  startBenchStack,
} from '../support/bench-stack.ts'
import { startLocalMailbox } from '../../infra/src/mailbox/local-mailbox.ts'

const STARTS = Number(process.env.BENCH_STARTS ?? 300)
const OPEN = Number(process.env.BENCH_OPEN ?? 2000)
const OLA_SECONDS = Number(process.env.BENCH_OLA_SECONDS ?? 600)
const stack = await startBenchStack({ scale: OLA_SECONDS / (15 * 60) })
const mailbox = await startLocalMailbox()
const queue = `bench-${randomUUID()}`
const fmt = (n: number) => n.toFixed(1).padStart(8)
const incidentWorker = (taskQueue: string) =>
  createIncidentWorker({
    connection: stack.native,
    taskQueue,
    db: stack.db.db,
    concurrency: 200,
    notifications: {
      smtp: { host: mailbox.host, port: mailbox.port, from: 'baton@localhost' },
      consoleUrl: 'http://127.0.0.1:4000',
    },
  })
const stopAll = async (workers: Worker[], running: Promise<unknown>) => {
  for (const w of workers) {
    try {
      w.shutdown()
    } catch {
      /* already stopping */
    }
  }
  await running
}
let timerBaseline: number[] = []
console.log(
  `machine: ${cpus().length} cores, load ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}`
)

try {
  // Phase 1: start rate.
  const startWorker = await incidentWorker(`${queue}-starts`)
  const baselineWorker = await Worker.create({
    connection: stack.native,
    taskQueue: `${queue}-empty`,
    workflowsPath: fileURLToPath(new URL('./empty-workflow.ts', import.meta.url)),
  })
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
    await stopAll([startWorker, baselineWorker], phase1)
  }

  // Phase 2: 2,000 open incidents, each with an unanswered hand-off on a P1 OLA.
  const worker = await incidentWorker(`${queue}-open`)
  const running = worker.run()
  try {
    console.log(
      `\nopening ${OPEN} incidents, each with a hand-off waiting on its ${OLA_SECONDS} s (scaled 15 min) OLA…`
    )
    let done = 0
    const progress = setInterval(
      () => console.log(`  …${done}/${OPEN} waiting on their OLA`),
      15_000
    )
    const firstOffer = Date.now()
    const offered = await runConcurrent(OPEN, 50, async () => {
      const inc = await declareIncident(stack, `${queue}-open`, {
        priority: 'P1',
        holder: 'stratus',
      })
      // An overloaded server can time out the update RPC; the same update id makes the retry apply once.
      const send = async (c: Record<string, unknown>) => {
        const options = {
          args: [{ ...c, at: new Date().toISOString() } as IncidentCommand] as [IncidentCommand],
          updateId: randomUUID(),
        }
        for (let attempt = 1; ; attempt++) {
          try {
            return await inc.handle.executeUpdate(commandUpdate, options)
          } catch (error) {
            if (!(error instanceof WorkflowUpdateRPCTimeoutOrCancelledError) || attempt >= 5)
              throw error
          }
        }
      }
      await send({ type: 'acknowledged', party: 'stratus' })
      await send({
        type: 'handoff_offered',
        handoffId: '',
        from: 'stratus',
        to: 'vistula',
        reason: 'bench',
      })
      done++
    }).finally(() => clearInterval(progress))
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
    await stopAll([worker], running)
  }
  console.log(
    `machine after: load ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`
  )
} catch (error) {
  // Said before the stack closes: in-flight client retries may then fail loudly on the closed channel.
  console.error('workflows bench failed:', error)
  process.exitCode = 1
} finally {
  await stack.close()
  await mailbox.close()
}
