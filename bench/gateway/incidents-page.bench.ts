// The console's incidents page through the gateway over HTTP on loopback: 50 rows with holder,
// live clocks and bonds, over BENCH_INCIDENTS incidents (default 100,000) and ten ledger entries
// each (1,000,000), beside a same-run baseline of `{ __typename }` on the same server. Two loads:
// - open loop (issue #23's goal): BENCH_RATE (50) pages/s sent on a schedule whatever the answers,
//   each latency measured from its scheduled send time (so a stall is not hidden by clients that
//   wait: no coordinated omission); goal page p95 < 50 ms, beside `{ __typename }` at that rate;
// - closed loop: BENCH_CLIENTS (20) clients each sending the next request on the last answer;
//   the page's throughput as a share of the baseline's.
// The load runs in a worker thread so the clients do not share the gateway's event loop. The page
// reads incidents and bonds (not the ledger), so the seeded ledger is there for its size only.
// Env: BENCH_INCIDENTS, BENCH_LEDGER_PER_INCIDENT (10), BENCH_SECONDS (closed loop, 15),
// BENCH_OPEN_SECONDS (open loop, 60), BENCH_RATE (50), BENCH_CLIENTS (20); BENCH_QUICK=1: 10,000
// incidents (100,000 entries), 5 s closed, 15 s open.
import { availableParallelism, loadavg } from 'node:os'
import { fileURLToPath } from 'node:url'
import { Worker } from 'node:worker_threads'
import { percentile, startBenchStack } from '../support/bench-stack.ts'
import { INCIDENTS_PAGE, startBenchGateway } from '../support/bench-gateway.ts'
import { machineLine, startCpuMeter } from '../support/cpu-meter.ts'
import { seedIncidents } from './seed-incidents.ts'

const QUICK = process.env.BENCH_QUICK === '1'
const INCIDENTS = Number(process.env.BENCH_INCIDENTS ?? (QUICK ? 10_000 : 100_000))
const PER_INCIDENT = Number(process.env.BENCH_LEDGER_PER_INCIDENT ?? 10)
const SECONDS = Number(process.env.BENCH_SECONDS ?? (QUICK ? 5 : 15))
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 20)
const OPEN_SECONDS = Number(process.env.BENCH_OPEN_SECONDS ?? (QUICK ? 15 : 60))
const RATE = Number(process.env.BENCH_RATE ?? 50)
const PAGE = INCIDENTS_PAGE
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

/**
 * Plain JS for an eval'd worker. Closed loop (rate 0): `clients` loops posting the query for
 * `seconds`. Open loop: request i is sent at start + i/rate whatever came back, and its latency
 * runs from that scheduled instant (a late timer or a stalled server counts against the figure).
 */
const LOAD_WORKER = `
const { workerData, parentPort } = require('node:worker_threads')
const { url, token, query, clients, seconds, rate } = workerData
const body = JSON.stringify({ query })
const headers = { 'content-type': 'application/json', accept: 'application/json', authorization: 'Bearer ' + token }
const latencies = []
let failures = 0, firstFailure = null
const { threadCpuMs } = require(workerData.threadCpuModule)
const cpuBefore = threadCpuMs()
const started = performance.now(), until = started + seconds * 1000
const one = async (t0) => {
  try {
    const res = await fetch(url, { method: 'POST', headers, body })
    const json = await res.json()
    if (res.status !== 200 || json.errors) { failures++; firstFailure ??= res.status + ' ' + JSON.stringify(json.errors) }
  } catch (e) { failures++; firstFailure ??= String(e) }
  latencies.push(performance.now() - t0)
}
const closedLoop = () => Promise.all(Array.from({ length: clients }, async () => {
  while (performance.now() < until) await one(performance.now())
}))
const openLoop = async () => {
  const sent = []
  for (let i = 0; i < Math.floor(seconds * rate); i++) {
    const due = started + (i * 1000) / rate
    const wait = due - performance.now()
    if (wait > 0) await new Promise((r) => setTimeout(r, wait))
    sent.push(one(due))
  }
  await Promise.all(sent)
}
;(rate ? openLoop() : closedLoop()).then(() => parentPort.postMessage({ latencies, failures, firstFailure, seconds: (performance.now() - started) / 1000, clientMs: threadCpuMs() - cpuBefore }))
`

// CPU per request: the gateway's thread (this process's main thread), PostgreSQL, and the load
// clients (the worker thread's own, reported by it), beside how busy the machine was.
function load(
  url: string,
  token: string,
  query: string,
  seconds: number,
  rate = 0
): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(LOAD_WORKER, {
      eval: true,
      workerData: {
        url,
        token,
        query,
        clients: CLIENTS,
        seconds,
        rate,
        threadCpuModule: THREAD_CPU_MODULE,
      },
    })
    const spent = startCpuMeter(stack.cpuScope)
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

  const gateway = await startBenchGateway(stack)
  try {
    const { url, token } = gateway
    const check = await gateway.post<{ incidents: { nodes: { clocks: unknown[] }[] } }>(PAGE)
    if (check.incidents.nodes.length !== 50)
      throw new Error(`the incidents page answered ${check.incidents.nodes.length} rows, not 50`)
    const clocks = check.incidents.nodes.reduce((n, r) => n + r.clocks.length, 0)
    console.log(`page check: 50 rows, ${clocks} live clocks`)

    const fmt = (n: number, w = 8) => n.toFixed(1).padStart(w)
    const report = (label: string, r: LoadResult) =>
      console.log(
        `  ${label.padEnd(22)} ${fmt(r.latencies.length / r.seconds)} req/s   p50 ${fmt(percentile(r.latencies, 50))} ms   p95 ${fmt(percentile(r.latencies, 95))} ms   p99 ${fmt(percentile(r.latencies, 99))} ms   CPU ms/req: gateway ${(r.busyMs / Math.max(1, r.latencies.length)).toFixed(2)} postgres ${(r.postgresMs / Math.max(1, r.latencies.length)).toFixed(2)} clients ${(r.clientMs / Math.max(1, r.latencies.length)).toFixed(2)}   machine busy ${(r.machineBusy * 100).toFixed(0)} %   failures ${r.failures}${r.firstFailure ? ` (${r.firstFailure.slice(0, 200)})` : ''}`
      )
    const phase = async (label: string, query: string, seconds: number, rate = 0) => {
      console.log(
        `  ${label} for ${seconds} s${rate ? ` (open loop, ${rate}/s)` : ` (closed loop, ${CLIENTS} clients)`}…`
      )
      return load(url, token, query, seconds, rate)
    }
    await load(url, token, BASELINE, 2)
    const openBase = await phase('{ __typename }', BASELINE, OPEN_SECONDS, RATE)
    await load(url, token, PAGE, 2)
    const openPage = await phase('incidents page', PAGE, OPEN_SECONDS, RATE)
    const base = await phase('{ __typename }', BASELINE, SECONDS)
    const page = await phase('incidents page', PAGE, SECONDS)
    const noClocks = await phase('incidents page without clocks', NO_CLOCKS, SECONDS)
    const context = `${counts.incidents} incidents, ${counts.ledger} ledger entries; load generator, gateway and PostgreSQL share this machine's ${availableParallelism()} cores, 1-min load average ${loadBefore.toFixed(1)} before the run`
    console.log(
      `open loop: ${RATE} requests/s for ${OPEN_SECONDS} s each, latency from the scheduled send (${context})`
    )
    report('baseline { __typename }', openBase)
    report('incidents page (50)', openPage)
    const openP95 = percentile(openPage.latencies, 95)
    console.log(
      `  page p95 ${openP95.toFixed(1)} ms beside ${percentile(openBase.latencies, 95).toFixed(1)} ms for { __typename } at the same rate   goal: page p95 < 50 ms: ${openP95 < 50 ? 'met' : 'NOT met'}`
    )
    console.log(`closed loop: ${CLIENTS} concurrent clients, ${SECONDS} s each`)
    report('baseline { __typename }', base)
    report('incidents page (50)', page)
    report('  same, without clocks', noClocks)
    const ratio = page.latencies.length / page.seconds / (base.latencies.length / base.seconds)
    console.log(
      `  page/baseline throughput ${(ratio * 100).toFixed(0)} % (goal >= 50 %: ${ratio >= 0.5 ? 'met' : 'NOT met'})`
    )
    console.log(machineLine('machine after'))
  } finally {
    await gateway.close()
  }
} finally {
  await stack.close()
}
