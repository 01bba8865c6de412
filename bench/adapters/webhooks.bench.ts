// Signed canonical webhooks accepted per second and their latency (50 concurrent senders spread
// over 1,000 incidents), the p99 lag until the incident workflow applied each accepted event,
// beside two same-run baselines: a bare Hono route on the same machine and pgbench single-row
// inserts into the same Postgres. The senders run in a worker thread (webhook-senders.mjs), so
// they do not share the adapters' event loop; the bare route is measured the same way.
// Run: npx tsx bench/adapters/webhooks.bench.ts (BENCH_SECONDS, BENCH_SENDERS, BENCH_INCIDENTS)
import { spawnSync } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { cpus, loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { randomUUID } from 'node:crypto'
import type { AddressInfo } from 'node:net'
import { Worker } from 'node:worker_threads'
import { serve } from '@hono/node-server'
import { Hono } from 'hono'
import { pino } from 'pino'
import { eq, sql } from 'drizzle-orm'
import { activePartySecrets, parties } from '@baton/db'
import { createIncidentWorker } from '@baton/workflows'
import { createAdaptersApp } from '@baton/adapters'
import {
  declareIncident,
  percentile,
  runConcurrent,
  startBenchStack,
} from '../support/bench-stack.ts'
import { formatCpu, startCpuMeter, type CpuSpent } from '../support/cpu-meter.ts'
import { startLocalMailbox } from '../../infra/src/mailbox/local-mailbox.ts'

const SECONDS = Number(process.env.BENCH_SECONDS ?? 30)
const SENDERS = Number(process.env.BENCH_SENDERS ?? 50)
const INCIDENTS = Number(process.env.BENCH_INCIDENTS ?? 1000)
const fmt = (n: number) => n.toFixed(1).padStart(8)

const stack = await startBenchStack({ scale: 1 })
const taskQueue = `bench-adapters-${randomUUID()}`
const mailbox = await startLocalMailbox()
const newWorker = () =>
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
  prefix: string
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
      },
    })
    const spent = startCpuMeter()
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
  await runConcurrent(INCIDENTS, 50, async () => {
    const inc = await declareIncident(stack, taskQueue, { priority: 'P3', holder: 'stratus' })
    keys.push(inc.key)
  })

  const bare = new Hono()
  bare.post('/webhooks/:slug', async (c) => {
    await c.req.text()
    return c.json({ receipt: 'x' }, 202)
  })
  const baseline = await listen(bare)
  const adapters = await listen(
    createAdaptersApp({
      db: stack.db.db,
      temporal: stack.client,
      masterKey: 'bench',
      taskQueue,
      logger: pino({ level: 'warn' }),
    })
  )
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
  const real = await drive(adapters.url, SECONDS, keys, secret!, 'real')
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
  line('full system (worker applying)', real, realTxs)
  cpuLine(real, accepted, 'accepted')
  await drained(300_000)
  const lags = (
    await stack.db
      .sql`select extract(epoch from (applied_at - received_at)) * 1000 as lag from inbound_receipts where received_at >= ${since.toISOString()} and applied_at is not null`
  ).map((r) => Number(r.lag))
  console.log(
    `  receipt -> applied by the workflow: ${lags.length}/${accepted} applied, p50 ${fmt(percentile(lags, 50))} ms   p99 ${fmt(percentile(lags, 99))} ms`
  )

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
} finally {
  worker.shutdown()
  await running
  await mailbox.close()
  await stack.close()
}
