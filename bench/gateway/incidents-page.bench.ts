// The console's incidents page through the gateway over HTTP on loopback: 50 rows with holder,
// live clocks and bonds, over BENCH_INCIDENTS incidents (default 100,000) and ten ledger entries
// each (1,000,000), at 20 concurrent clients, beside a same-run baseline of `{ __typename }` on
// the same server. The load runs in a worker thread so the clients do not share the gateway's
// event loop. Env: BENCH_INCIDENTS (BENCH_QUICK=1: 10,000 and 5 s), BENCH_LEDGER_PER_INCIDENT (10),
// BENCH_SECONDS (15), BENCH_CLIENTS (20).
import { randomUUID } from 'node:crypto'
import { availableParallelism, loadavg } from 'node:os'
import { fileURLToPath } from 'node:url'
import { Worker } from 'node:worker_threads'
import { pino } from 'pino'
import { createApiToken } from '@baton/db'
import { createGatewayApp } from '../../services/gateway/src/app/create-gateway-app.ts'
import { serveGateway } from '../../services/gateway/src/app/serve-gateway.ts'
import { percentile, startBenchStack } from '../support/bench-stack.ts'
import { startCpuMeter } from '../support/cpu-meter.ts'
import { seedIncidents } from './seed-incidents.ts'

const QUICK = process.env.BENCH_QUICK === '1'
const INCIDENTS = Number(process.env.BENCH_INCIDENTS ?? (QUICK ? 10_000 : 100_000))
const PER_INCIDENT = Number(process.env.BENCH_LEDGER_PER_INCIDENT ?? 10)
const SECONDS = Number(process.env.BENCH_SECONDS ?? (QUICK ? 5 : 15))
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 20)
const PAGE =
  '{ incidents(first: 50) { nodes { key holder { name } clocks { state remaining } bonds { party { slug } } } } }'
const BASELINE = '{ __typename }'
// The same page without clocks: the difference is the live clock computation (the domain, per row).
const NO_CLOCKS =
  '{ incidents(first: 50) { nodes { key holder { name } bonds { party { slug } } } } }'

type LoadResult = {
  latencies: number[]
  failures: number
  firstFailure: string | null
  seconds: number
  busyMs: number
  clientMs: number
  postgresMs: number
  machineBusy: number
}

const THREAD_CPU_MODULE = fileURLToPath(new URL('../support/thread-cpu.cjs', import.meta.url))

/** Plain JS for an eval'd worker: CLIENTS loops posting the query for SECONDS. */
const LOAD_WORKER = `
const { workerData, parentPort } = require('node:worker_threads')
const { url, token, query, clients, seconds } = workerData
const body = JSON.stringify({ query })
const headers = { 'content-type': 'application/json', accept: 'application/json', authorization: 'Bearer ' + token }
const latencies = []
let failures = 0, firstFailure = null
const { threadCpuMs } = require(workerData.threadCpuModule)
const cpuBefore = threadCpuMs()
const started = performance.now(), until = started + seconds * 1000
Promise.all(Array.from({ length: clients }, async () => {
  while (performance.now() < until) {
    const t0 = performance.now()
    try {
      const res = await fetch(url, { method: 'POST', headers, body })
      const json = await res.json()
      if (res.status !== 200 || json.errors) { failures++; firstFailure ??= res.status + ' ' + JSON.stringify(json.errors) }
    } catch (e) { failures++; firstFailure ??= String(e) }
    latencies.push(performance.now() - t0)
  }
})).then(() => parentPort.postMessage({ latencies, failures, firstFailure, seconds: (performance.now() - started) / 1000, clientMs: threadCpuMs() - cpuBefore }))
`

// CPU per request: the gateway's thread (this process's main thread), PostgreSQL, and the load
// clients (the worker thread's own, reported by it), beside how busy the machine was.
function load(url: string, token: string, query: string, seconds: number): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(LOAD_WORKER, {
      eval: true,
      workerData: {
        url,
        token,
        query,
        clients: CLIENTS,
        seconds,
        threadCpuModule: THREAD_CPU_MODULE,
      },
    })
    const spent = startCpuMeter()
    worker.once('message', (m: Omit<LoadResult, 'busyMs' | 'postgresMs' | 'machineBusy'>) => {
      const cpu = spent()
      resolve({
        ...m,
        busyMs: cpu.mainMs,
        postgresMs: cpu.postgresMs,
        machineBusy: cpu.machineBusy,
      })
      void worker.terminate()
    })
    worker.once('error', reject)
  })
}

const loadBefore = loadavg()[0]!
const stack = await startBenchStack({ scale: 1 })
try {
  const counts = await seedIncidents(stack.db, {
    incidents: INCIDENTS,
    ledgerPerIncident: PER_INCIDENT,
  })
  console.log(
    `seeded ${counts.incidents} incidents, ${counts.ledger} ledger entries, ${counts.bonds} bonds, ${counts.handoffs} hand-offs in ${counts.seconds.toFixed(1)} s`
  )

  const app = createGatewayApp({
    db: stack.db,
    temporal: stack.client,
    taskQueue: `bench-unused-${randomUUID()}`,
    logger: pino({ level: 'silent' }),
    publicUrl: 'http://127.0.0.1',
  })
  const served = await serveGateway(app, { port: 0 })
  try {
    const { token } = await createApiToken(stack.db.db, {
      name: 'bench-admin',
      role: 'ADMIN',
      partyId: null,
    })
    const url = `${served.url}/graphql`
    const check = (await (
      await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query: PAGE }),
      })
    ).json()) as { data?: { incidents: { nodes: { clocks: unknown[] }[] } }; errors?: unknown }
    if (check.errors || check.data?.incidents.nodes.length !== 50)
      throw new Error(`the incidents page did not answer 50 rows: ${JSON.stringify(check.errors)}`)
    const clocks = check.data.incidents.nodes.reduce((n, r) => n + r.clocks.length, 0)
    console.log(`page check: 50 rows, ${clocks} live clocks`)

    const fmt = (n: number, w = 8) => n.toFixed(1).padStart(w)
    const report = (label: string, r: LoadResult) =>
      console.log(
        `  ${label.padEnd(22)} ${fmt(r.latencies.length / r.seconds)} req/s   p50 ${fmt(percentile(r.latencies, 50))} ms   p95 ${fmt(percentile(r.latencies, 95))} ms   p99 ${fmt(percentile(r.latencies, 99))} ms   CPU ms/req: gateway ${(r.busyMs / Math.max(1, r.latencies.length)).toFixed(2)} postgres ${(r.postgresMs / Math.max(1, r.latencies.length)).toFixed(2)} clients ${(r.clientMs / Math.max(1, r.latencies.length)).toFixed(2)}   machine busy ${(r.machineBusy * 100).toFixed(0)} %   failures ${r.failures}${r.firstFailure ? ` (${r.firstFailure.slice(0, 200)})` : ''}`
      )
    await load(url, token, BASELINE, 2)
    const base = await load(url, token, BASELINE, SECONDS)
    await load(url, token, PAGE, 2)
    const page = await load(url, token, PAGE, SECONDS)
    const noClocks = await load(url, token, NO_CLOCKS, SECONDS)
    console.log(
      `gateway over HTTP on loopback (${counts.incidents} incidents, ${counts.ledger} ledger entries, ${CLIENTS} concurrent clients, ${SECONDS} s each; load generator, gateway and PostgreSQL share this machine's ${availableParallelism()} cores, 1-min load average ${loadBefore.toFixed(1)} before the run)`
    )
    report('baseline { __typename }', base)
    report('incidents page (50)', page)
    report('  same, without clocks', noClocks)
    const ratio = page.latencies.length / page.seconds / (base.latencies.length / base.seconds)
    const met = percentile(page.latencies, 95) < 50 && ratio >= 0.5
    console.log(
      `  page/baseline throughput ${(ratio * 100).toFixed(0)} %   goal: p95 < 50 ms and >= 50 %: ${met ? 'met' : 'NOT met'}`
    )
  } finally {
    await served.close()
  }
} finally {
  await stack.close()
}
