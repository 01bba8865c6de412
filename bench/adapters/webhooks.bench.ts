// Signed canonical webhooks accepted per second and their latency (50 concurrent senders spread
// over 1,000 incidents), the p99 lag until the incident workflow applied each accepted event,
// beside two same-run baselines: a bare Hono route on the same machine and pgbench single-row
// inserts into the same Postgres. The senders run in a worker thread (webhook-senders.mjs), so
// they do not share the adapters' event loop; the bare route is measured the same way.
// Then the engine's own limit: the same number of signals, batched as the relay batched them,
// into empty workflows that only count them (counting-workflow.ts), beside Baton's applied
// events/s; the burst's drain time; and an open-loop steady load's receipt -> applied latency.
// Run: npm run bench -- adapters/webhooks (BENCH_SECONDS, BENCH_SENDERS, BENCH_INCIDENTS,
// BENCH_STEADY_SECONDS, BENCH_STEADY_RATE; BENCH_QUICK=1 for a short run)
import { spawnSync } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { cpus, loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { randomUUID } from 'node:crypto'
import type { AddressInfo } from 'node:net'
import { Worker } from 'node:worker_threads'
import { fileURLToPath } from 'node:url'
import { Worker as TemporalWorker } from '@temporalio/worker'
import { vendorEventsSignal } from '@baton/temporal'
import { serve } from '@hono/node-server'
import { Hono } from 'hono'
import { pino } from 'pino'
import { eq, sql } from 'drizzle-orm'
import { activePartySecrets, parties } from '@baton/db'
import { createAdaptersAppWithState } from '@baton/adapters'
import {
  declareIncident,
  percentile,
  runConcurrent,
  startBenchStack,
} from '../support/bench-stack.ts'
import { formatCpu, startCpuMeter, type CpuSpent } from '../support/cpu-meter.ts'
import { benchWorkers } from '../support/incident-worker.ts'

const QUICK = process.env.BENCH_QUICK === '1'
const SECONDS = Number(process.env.BENCH_SECONDS ?? (QUICK ? 8 : 30))
const SENDERS = Number(process.env.BENCH_SENDERS ?? 50)
const INCIDENTS = Number(process.env.BENCH_INCIDENTS ?? (QUICK ? 100 : 1000))
const STEADY_SECONDS = Number(process.env.BENCH_STEADY_SECONDS ?? (QUICK ? 10 : 60))
const STEADY_RATE = Number(process.env.BENCH_STEADY_RATE ?? 100)
const fmt = (n: number) => n.toFixed(1).padStart(8)

const stack = await startBenchStack({ scale: 1 })
const taskQueue = `bench-adapters-${randomUUID()}`
const workers = await benchWorkers(stack)
const newWorker = () => workers.incidents(taskQueue)
let worker = await newWorker()
let running = worker.run()
const listen = async (app: Hono) => {
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' })
  await new Promise((r) => server.once('listening', r))
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` }
}

type Drive = {
  latencies: number[]
  statuses: Map<number, number>
  seconds: number
  cpu: CpuSpent
  sendersMs: number
}

/** SENDERS loops in a worker thread post signed comments to `url` for `seconds`; the CPU spent meanwhile. */
function drive(
  url: string,
  seconds: number,
  keys: string[],
  secret: string,
  prefix: string,
  rate?: number
): Promise<Drive> {
  return new Promise((resolve, reject) => {
    const w = new Worker(new URL('./webhook-senders.mjs', import.meta.url), {
      workerData: {
        url: `${url}/webhooks/stratus`,
        secret,
        keys,
        senders: SENDERS,
        seconds,
        prefix,
        rate,
      },
    })
    const spent = startCpuMeter(stack.cpuScope)
    w.once(
      'message',
      (m: {
        latencies: number[]
        statuses: Record<string, number>
        seconds: number
        cpuMs: number
      }) => {
        resolve({
          latencies: m.latencies,
          seconds: m.seconds,
          statuses: new Map(Object.entries(m.statuses).map(([k, v]) => [Number(k), v])),
          cpu: spent(),
          sendersMs: m.cpuMs,
        })
        void w.terminate()
      }
    )
    w.once('error', reject)
  })
}

try {
  await stack.db.db
    .update(parties)
    .set({ integration: sql`jsonb_set(integration, '{ratePerSecond}', '1000000')` })
    .where(eq(parties.slug, 'stratus'))
  const [stratus] = await stack.db.db
    .select({ id: parties.id })
    .from(parties)
    .where(eq(parties.slug, 'stratus'))
  const [secret] = await activePartySecrets(stack.db.db, stratus!.id, 'inbound', 'bench')
  console.log(`declaring ${INCIDENTS} incidents held by stratus…`)
  const keys: string[] = []
  // 10 at a time: on a saturated machine 50 concurrent first workflow tasks outlast their
  // timeout and the declarations fail (the waiting update gives up).
  await runConcurrent(INCIDENTS, 10, async () => {
    for (let attempt = 1; ; attempt++) {
      try {
        const inc = await declareIncident(stack, taskQueue, { priority: 'P3', holder: 'stratus' })
        keys.push(inc.key)
        return
      } catch (error) {
        if (attempt >= 3) throw error
        console.warn(`declaring again after: ${(error as Error).message}`)
      }
    }
  })

  const bare = new Hono()
  bare.post('/webhooks/:slug', async (c) => {
    await c.req.text()
    return c.json({ receipt: 'x' }, 202)
  })
  const baseline = await listen(bare)
  // What the relay sent while the full system ran: the engine phase sends the same batches.
  const relayed = { on: false, signals: 0, messages: 0 }
  const adaptersApp = createAdaptersAppWithState({
    db: stack.db.db,
    temporal: stack.client,
    masterKey: 'bench',
    taskQueue,
    logger: pino({ level: 'warn' }),
    relay: {
      onPass: (r) => {
        if (!relayed.on) return
        relayed.signals += r.signals
        relayed.messages += r.signalled
      },
    },
  })
  const adapters = await listen(adaptersApp.app)
  const commits = async () =>
    Number(
      (
        await stack.db
          .sql`select xact_commit from pg_stat_database where datname = current_database()`
      )[0]!.xact_commit
    )

  const drained = async (deadlineMs: number) => {
    const deadline = Date.now() + deadlineMs
    for (;;) {
      const [row] = await stack.db
        .sql`select count(*)::int as n from inbound_receipts where status = 'RECORDED'`
      if (row!.n === 0 || Date.now() > deadline) return
      await new Promise((r) => setTimeout(r, 1000))
    }
  }
  // Where each phase's CPU went, per request (baseline) or per accepted event: main = this process's
  // main thread (the adapters or bare route, and the incident worker's activities); native = its
  // other threads except the senders' (workflow threads, Temporal core, GC); temporal = the dev server.
  const cpuLine = (r: Drive, count: number, unit: string) =>
    console.log(
      `    ${formatCpu(unit, count, { main: r.cpu.mainMs, native: r.cpu.otherThreadsMs - r.sendersMs, temporal: r.cpu.temporalMs, postgres: r.cpu.postgresMs, senders: r.sendersMs })}   machine busy ${(r.cpu.machineBusy * 100).toFixed(0)} %`
    )
  // The same, from the phase's start until every receipt is applied: what the work cost whether
  // it was done during the phase or after it (a phase that applies less on time shifts its cost
  // past its end; these figures compare runs that keep up differently).
  const drainLine = (spent: CpuSpent, r: Drive, count: number) =>
    console.log(
      `    through the drain: ${formatCpu('accepted', count, { main: spent.mainMs, native: spent.otherThreadsMs - r.sendersMs, temporal: spent.temporalMs, postgres: spent.postgresMs, senders: r.sendersMs })}, total ${((spent.mainMs + spent.otherThreadsMs + spent.temporalMs + spent.postgresMs) / Math.max(1, count)).toFixed(2)}`
    )
  const line = (name: string, r: Drive, txs: number) =>
    console.log(
      `  ${name.padEnd(34)} ${fmt((r.statuses.get(202) ?? 0) / r.seconds)} accepted/s  p50 ${fmt(percentile(r.latencies, 50))} ms   p99 ${fmt(percentile(r.latencies, 99))} ms   statuses ${JSON.stringify(Object.fromEntries(r.statuses))}   Postgres commits/accepted ${(txs / Math.max(1, r.statuses.get(202) ?? 0)).toFixed(2)}`
    )
  const warm = await drive(adapters.url, 3, keys, secret!, 'warm')
  console.log(`warm-up: ${warm.latencies.length} requests`)
  await drained(120_000)
  const base = await drive(baseline.url, SECONDS, keys, secret!, 'base')
  // Intake alone: the incident worker stopped, so signals queue in Temporal (durable) and only
  // verify -> receipt -> signal runs; then the full system, the worker applying as events arrive.
  worker.shutdown()
  await running
  let txs = await commits()
  const intake = await drive(adapters.url, SECONDS, keys, secret!, 'intake')
  const intakeTxs = (await commits()) - txs - 1
  worker = await newWorker()
  running = worker.run()
  await drained(300_000)
  const since = new Date()
  const loadBefore = loadavg()[0]!
  txs = await commits()
  relayed.on = true
  const realThrough = startCpuMeter(stack.cpuScope)
  const real = await drive(adapters.url, SECONDS, keys, secret!, 'real')
  const burstEnded = Date.now()
  const realTxs = (await commits()) - txs - 1
  const accepted = real.statuses.get(202) ?? 0
  console.log(
    `\nsigned canonical webhooks, ${SENDERS} senders (worker thread), ${SECONDS} s, ${INCIDENTS} incidents (${cpus().length} CPUs; senders, adapters, worker, Temporal and Postgres on the same machine; 1-min load ${loadBefore.toFixed(1)} before the full run)`
  )
  console.log(
    `  ${'baseline bare Hono route'.padEnd(34)} ${fmt(base.latencies.length / base.seconds)} req/s       p50 ${fmt(percentile(base.latencies, 50))} ms   p99 ${fmt(percentile(base.latencies, 99))} ms`
  )
  cpuLine(base, base.latencies.length, 'req')
  line('intake only (worker stopped)', intake, intakeTxs)
  cpuLine(intake, intake.statuses.get(202) ?? 0, 'accepted')
  const intakeRate = (intake.statuses.get(202) ?? 0) / intake.seconds
  const bareRate = base.latencies.length / base.seconds
  console.log(
    `    intake vs bare route: ${((100 * intakeRate) / bareRate).toFixed(0)} % of its req/s (goal >= 60 %), p99 ${(percentile(intake.latencies, 99) / percentile(base.latencies, 99)).toFixed(2)}x its p99 (goal <= 2x)`
  )
  line('full system (worker applying)', real, realTxs)
  cpuLine(real, accepted, 'accepted')
  await drained(300_000)
  drainLine(realThrough(), real, accepted)
  relayed.on = false
  const lags = (
    await stack.db
      .sql`select extract(epoch from (applied_at - received_at)) * 1000 as lag from inbound_receipts where received_at >= ${since.toISOString()} and applied_at is not null`
  ).map((r) => Number(r.lag))
  console.log(
    `  receipt -> applied by the workflow: ${lags.length}/${accepted} applied, p50 ${fmt(percentile(lags, 50))} ms   p99 ${fmt(percentile(lags, 99))} ms`
  )
  const [span] = await stack.db.sql<{ last: string | Date }[]>`
    select max(applied_at) as last from inbound_receipts where received_at >= ${since.toISOString()} and applied_at is not null`
  // Baton's database client reads timestamps as text: make it a Date either way.
  const lastApplied = new Date(span!.last)
  const appliedSeconds = (lastApplied.getTime() - since.getTime()) / 1000
  const batonApplied = lags.length / appliedSeconds
  console.log(
    `  burst: ${SECONDS} s at the full intake rate; backlog drained ${((lastApplied.getTime() - burstEnded) / 1000).toFixed(1)} s after it ended (goal <= 30 s)`
  )

  // The engine's own limit: the same messages in as many signals as the relay sent (so the same
  // mean batch), spread over as many workflows, into empty workflows that only count them.
  const batch = Math.max(1, Math.round(relayed.messages / Math.max(1, relayed.signals)))
  const perWorkflow = Math.max(1, Math.round(lags.length / INCIDENTS))
  const engineQueue = `${taskQueue}-engine`
  const engineWorker = await TemporalWorker.create({
    connection: stack.native,
    taskQueue: engineQueue,
    workflowsPath: fileURLToPath(new URL('./counting-workflow.ts', import.meta.url)),
    maxConcurrentWorkflowTaskExecutions: 200,
  })
  const engineRun = engineWorker.run()
  const handles = await Promise.all(
    Array.from({ length: INCIDENTS }, (_, i) =>
      stack.client.workflow.start('countingWorkflow', {
        taskQueue: engineQueue,
        workflowId: `count-${i}-${randomUUID()}`,
        args: [perWorkflow],
      })
    )
  )
  const engineSpent = startCpuMeter(stack.cpuScope)
  const engineStarted = performance.now()
  const jobs = handles.flatMap((h) =>
    Array.from({ length: Math.ceil(perWorkflow / batch) }, (_, k) => ({
      h,
      n: Math.min(batch, perWorkflow - k * batch),
    }))
  )
  let nextJob = 0
  await Promise.all(
    Array.from({ length: 32 }, async () => {
      while (nextJob < jobs.length) {
        const { h, n } = jobs[nextJob++]!
        await h.signal(vendorEventsSignal, {
          messages: Array.from({ length: n }, () => ({
            messageId: randomUUID(),
            receipt: 'bench',
            event: { type: 'comment', at: new Date().toISOString(), body: 'bench' } as never,
          })),
        })
      }
    })
  )
  await Promise.all(handles.map((h) => h.result()))
  const engineSeconds = (performance.now() - engineStarted) / 1000
  const engineCpu = engineSpent()
  const engineEvents = perWorkflow * INCIDENTS
  engineWorker.shutdown()
  await engineRun
  console.log(
    `  ${'baseline bare engine (counting workflows)'.padEnd(34)} ${fmt(engineEvents / engineSeconds)} events/s   ${jobs.length} signals of ${batch} (the relay's mean batch: ${relayed.messages} messages in ${relayed.signals} signals) into ${INCIDENTS} workflows`
  )
  console.log(
    `    ${formatCpu('event', engineEvents, { main: engineCpu.mainMs, native: engineCpu.otherThreadsMs, temporal: engineCpu.temporalMs, postgres: engineCpu.postgresMs })}   machine busy ${(engineCpu.machineBusy * 100).toFixed(0)} %`
  )
  console.log(
    `  ${'Baton applied (full system)'.padEnd(34)} ${fmt(batonApplied)} events/s   = ${((100 * batonApplied) / (engineEvents / engineSeconds)).toFixed(0)} % of the bare engine (goal >= 50 %)`
  )

  // Steady: an open-loop vendor load with the worker applying; receipt -> applied.
  const steadySince = new Date()
  const steadyThrough = startCpuMeter(stack.cpuScope)
  const steady = await drive(adapters.url, STEADY_SECONDS, keys, secret!, 'steady', STEADY_RATE)
  await drained(120_000)
  const steadyCpu = steadyThrough()
  const steadyLags = (
    await stack.db
      .sql`select extract(epoch from (applied_at - received_at)) * 1000 as lag from inbound_receipts where received_at >= ${steadySince.toISOString()} and applied_at is not null`
  ).map((r) => Number(r.lag))
  console.log(
    `  steady open loop ${STEADY_RATE}/s for ${STEADY_SECONDS} s: ${steady.statuses.get(202) ?? 0} accepted (p99 ${fmt(percentile(steady.latencies, 99))} ms), receipt -> applied p50 ${fmt(percentile(steadyLags, 50))} ms   p99 ${fmt(percentile(steadyLags, 99))} ms (goal p99 < 1,000 ms)`
  )
  cpuLine(steady, steady.statuses.get(202) ?? 0, 'accepted')
  drainLine(steadyCpu, steady, steady.statuses.get(202) ?? 0)

  const script = join(mkdtempSync(join(tmpdir(), 'baton-pgbench-')), 'insert.sql')
  writeFileSync(
    script,
    "insert into world_settings (key, value) values ('bench-' || md5(random()::text), '1'::jsonb);\n"
  )
  const pgbench = spawnSync(
    'pgbench',
    [
      '-n',
      '-c',
      String(SENDERS),
      '-j',
      '2',
      '-T',
      String(Math.min(SECONDS, 10)),
      '-f',
      script,
      stack.dbUrl,
    ],
    { encoding: 'utf8' }
  )
  const tps = /tps = ([\d.]+)/.exec(pgbench.stdout ?? '')?.[1]
  console.log(
    `  baseline pgbench single-row inserts, ${SENDERS} clients: ${tps ? `${Number(tps).toFixed(0)} tps` : `unavailable (${(pgbench.stderr ?? pgbench.error?.message ?? '').trim().split('\n')[0]})`}`
  )
  baseline.server.close()
  adapters.server.close()
  // As the adapters' main stops: the relay gives up its lease and the intake counts are flushed
  // before the database closes (otherwise the relay's next pass logs a failed query).
  await adaptersApp.intake.relay?.stop()
  await adaptersApp.intakeCounts.stop()
} finally {
  worker.shutdown()
  await running
  await workers.close()
  await stack.close()
}
