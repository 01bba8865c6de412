// Incidents started per second end to end (allocate -> workflow -> first ledger entry and
// projection row) and the lateness of OLA timers with 2,000 open incidents each waiting on a
// hand-off, beside a same-run baseline: an empty workflow started and completed on the same server.
import { randomUUID } from 'node:crypto'
import { fileURLToPath } from 'node:url'
import { Worker } from '@temporalio/worker'
import { commandUpdate, type IncidentCommand } from '@baton/temporal'
import { createIncidentWorker } from '@baton/workflows'
import { declareIncident, percentile, runConcurrent, startBenchStack } from '../support/bench-stack.ts'
import { startLocalMailbox } from '../../infra/src/mailbox/local-mailbox.ts'

const STARTS = Number(process.env.BENCH_STARTS ?? 300)
const OPEN = Number(process.env.BENCH_OPEN ?? 2000)
const OLA_SECONDS = 30
const stack = await startBenchStack({ scale: OLA_SECONDS / (15 * 60) })
const taskQueue = `bench-${randomUUID()}`
const mailbox = await startLocalMailbox()
const worker = await createIncidentWorker({ connection: stack.native, taskQueue, db: stack.db.db, concurrency: 200, notifications: { smtp: { host: mailbox.host, port: mailbox.port, from: 'baton@localhost' }, consoleUrl: 'http://127.0.0.1:4000' } })
const baselineWorker = await Worker.create({ connection: stack.native, taskQueue: `${taskQueue}-empty`, workflowsPath: fileURLToPath(new URL('./empty-workflow.ts', import.meta.url)) })
const running = Promise.all([worker.run(), baselineWorker.run()])
const fmt = (n: number) => n.toFixed(1).padStart(8)

try {
  const base = await runConcurrent(STARTS, 20, (i) => stack.client.workflow.execute('emptyWorkflow', { taskQueue: `${taskQueue}-empty`, workflowId: `empty-${i}-${randomUUID()}` }))
  const real = await runConcurrent(STARTS, 20, () => declareIncident(stack, taskQueue, { priority: 'P1', holder: 'stratus' }))
  console.log(`incidents started end to end (${STARTS}, 20 concurrent)`)
  console.log(`  baseline empty workflow  ${fmt(STARTS / base.seconds)} /s   p50 ${fmt(percentile(base.latencies, 50))} ms   p99 ${fmt(percentile(base.latencies, 99))} ms`)
  console.log(`  declare -> projection    ${fmt(STARTS / real.seconds)} /s   p50 ${fmt(percentile(real.latencies, 50))} ms   p99 ${fmt(percentile(real.latencies, 99))} ms`)

  console.log(`\nopening ${OPEN} incidents, each with a hand-off waiting on its ${OLA_SECONDS} s (scaled 15 min) OLA…`)
  const offered = await runConcurrent(OPEN, 50, async () => {
    const inc = await declareIncident(stack, taskQueue, { priority: 'P1', holder: 'stratus' })
    const send = (c: Record<string, unknown>) => inc.handle.executeUpdate(commandUpdate, { args: [{ ...c, at: new Date().toISOString() } as IncidentCommand] })
    await send({ type: 'acknowledged', party: 'stratus' })
    await send({ type: 'handoff_offered', handoffId: '', from: 'stratus', to: 'vistula', reason: 'bench' })
  })
  console.log(`  opened in ${offered.seconds.toFixed(1)} s`)
  const deadline = Date.now() + (OLA_SECONDS + 300) * 1000
  for (;;) {
    const [row] = await stack.db.sql`select count(*)::int as n from ledger_entries where type = 'handoff_expired'`
    if (row!.n >= OPEN || Date.now() > deadline) break
    await new Promise((r) => setTimeout(r, 1000))
  }
  const rows = await stack.db.sql`select extract(epoch from (recorded_at - at)) * 1000 as late from ledger_entries where type = 'handoff_expired'`
  const late = rows.map((r) => Number(r.late))
  console.log(`OLA timer lateness (deadline -> expiry in the ledger), ${late.length}/${OPEN} fired`)
  console.log(`  p50 ${fmt(percentile(late, 50))} ms   p99 ${fmt(percentile(late, 99))} ms   max ${fmt(Math.max(...late))} ms`)
  console.log(`  baseline: an empty workflow's whole start-to-completion p50 ${fmt(percentile(base.latencies, 50))} ms, p99 ${fmt(percentile(base.latencies, 99))} ms`)
} finally {
  for (const w of [worker, baselineWorker]) { try { w.shutdown() } catch { /* already stopping */ } }
  await running
  await stack.close()
  await mailbox.close()
}
