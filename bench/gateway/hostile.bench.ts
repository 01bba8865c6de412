// Issue #19: one hostile or careless client must not slow the others. 20 clients page the
// console's incidents list (50 rows with holder, clocks and bonds) through the gateway over HTTP
// on loopback, first alone, then while 5 more clients send the hostile documents of the issue in
// a loop (a 22-fragment doubling chain from a VENDOR token, 3,000 duplicate fields, 1,500 aliases
// of a list with its default page, a bad cursor, a huge duration). Prints the page's p95 in both
// phases of the same run and their ratio (goal: within 1.5x), and how the hostile documents were
// answered. Env: BENCH_INCIDENTS (10,000), BENCH_SECONDS (10), BENCH_CLIENTS (20), BENCH_HOSTILE (5);
// BENCH_QUICK=1: 2,000 incidents, 5 s phases.
import { randomUUID } from 'node:crypto'
import { availableParallelism, loadavg } from 'node:os'
import { Worker } from 'node:worker_threads'
import { pino } from 'pino'
import { createApiToken } from '@baton/db'
import { createGatewayApp } from '../../services/gateway/src/app/create-gateway-app.ts'
import { serveGateway } from '../../services/gateway/src/app/serve-gateway.ts'
import { percentile, startBenchStack } from '../support/bench-stack.ts'
import { seedIncidents } from './seed-incidents.ts'

const QUICK = process.env.BENCH_QUICK === '1'
const INCIDENTS = Number(process.env.BENCH_INCIDENTS ?? (QUICK ? 2_000 : 10_000))
const SECONDS = Number(process.env.BENCH_SECONDS ?? (QUICK ? 5 : 10))
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 20)
const HOSTILE = Number(process.env.BENCH_HOSTILE ?? 5)
const PAGE =
  '{ incidents(first: 50) { nodes { key holder { name } clocks { state remaining } bonds { party { slug } } } } }'

const fragmentChain = () => {
  const defs = ['fragment F0 on Viewer { name }']
  for (let i = 1; i <= 22; i++) defs.push(`fragment F${i} on Viewer { ...F${i - 1} ...F${i - 1} }`)
  return `{ viewer { ...F22 } } ${defs.join(' ')}`
}
const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url')
/** [name, token kind, document] */
const HOSTILE_DOCUMENTS: [string, 'vendor' | 'admin', string][] = [
  ['22-fragment doubling chain', 'vendor', fragmentChain()],
  ['3,000 duplicate viewer { name }', 'vendor', `{ ${'viewer { name } '.repeat(3000)} }`],
  [
    '1,500 aliases of incidents (default page)',
    'admin',
    `{ ${Array.from({ length: 1500 }, (_, i) => `a${i}: incidents { nodes { key timeline { nodes { seq } } } }`).join(' ')} }`,
  ],
  [
    'bad cursor',
    'admin',
    `{ incidents(after: "${b64(['i', '2026-03-06T20:00:00Z', 'not-a-uuid'])}") { nodes { key } } }`,
  ],
  [
    'huge atRiskWithin',
    'admin',
    '{ incidents(filter: { atRiskWithin: "P99999999999999999999W" }) { nodes { key } } }',
  ],
]

type Phase = {
  page: number[]
  pageFailures: number
  firstFailure: string | null
  hostile: { name: string; n: number; ms: number[]; answers: Record<string, number> }[]
  seconds: number
}

/** Plain JS for an eval'd worker: CLIENTS loops on the page, HOSTILE loops through the hostile documents. */
const LOAD_WORKER = `
const { workerData, parentPort } = require('node:worker_threads')
const { url, tokens, page, hostile, clients, hostileClients, seconds } = workerData
const headers = (t) => ({ 'content-type': 'application/json', accept: 'application/json', authorization: 'Bearer ' + t })
const pageBody = JSON.stringify({ query: page })
const pageLatencies = []
let pageFailures = 0, firstFailure = null
const stats = hostile.map(([name]) => ({ name, n: 0, ms: [], answers: {} }))
const started = performance.now(), until = started + seconds * 1000
const pagers = Array.from({ length: clients }, async () => {
  while (performance.now() < until) {
    const t0 = performance.now()
    try {
      const res = await fetch(url, { method: 'POST', headers: headers(tokens.admin), body: pageBody })
      const json = await res.json()
      if (res.status !== 200 || json.errors) { pageFailures++; firstFailure ??= res.status + ' ' + JSON.stringify(json.errors) }
    } catch (e) { pageFailures++; firstFailure ??= String(e) }
    pageLatencies.push(performance.now() - t0)
  }
})
const attackers = Array.from({ length: hostileClients }, async (_, c) => {
  let i = c
  while (performance.now() < until) {
    const k = i++ % hostile.length
    const [, who, query] = hostile[k]
    const t0 = performance.now()
    let answer
    try {
      const res = await fetch(url, { method: 'POST', headers: headers(tokens[who]), body: JSON.stringify({ query }) })
      const json = await res.json()
      const e = json.errors && json.errors[0]
      answer = res.status + ' ' + (e ? (e.extensions && (e.extensions.limit || e.extensions.code)) || 'error' : 'data')
    } catch (e) { answer = 'failed ' + String(e).slice(0, 60) }
    const s = stats[k]
    s.n++; s.ms.push(performance.now() - t0); s.answers[answer] = (s.answers[answer] || 0) + 1
  }
})
Promise.all([...pagers, ...attackers]).then(() => parentPort.postMessage({ page: pageLatencies, pageFailures, firstFailure, hostile: stats, seconds: (performance.now() - started) / 1000 }))
`

function run(
  url: string,
  tokens: { admin: string; vendor: string },
  hostileClients: number
): Promise<Phase> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(LOAD_WORKER, {
      eval: true,
      workerData: {
        url,
        tokens,
        page: PAGE,
        hostile: HOSTILE_DOCUMENTS,
        clients: CLIENTS,
        hostileClients,
        seconds: SECONDS,
      },
    })
    worker.once('message', (m: Phase) => {
      resolve(m)
      void worker.terminate()
    })
    worker.once('error', reject)
  })
}

const loadBefore = loadavg()[0]!
const stack = await startBenchStack({ scale: 1 })
try {
  const counts = await seedIncidents(stack.db, { incidents: INCIDENTS, ledgerPerIncident: 5 })
  console.log(`seeded ${counts.incidents} incidents in ${counts.seconds.toFixed(1)} s`)
  const app = createGatewayApp({
    db: stack.db,
    temporal: stack.client,
    taskQueue: `bench-unused-${randomUUID()}`,
    logger: pino({ level: 'silent' }),
    publicUrl: 'http://127.0.0.1',
  })
  const served = await serveGateway(app, { port: 0 })
  try {
    const [vendorRow] = await stack.db.sql<
      { id: string }[]
    >`select id from parties where integration is not null order by slug limit 1`
    const admin = (await createApiToken(stack.db.db, { name: 'bench-admin', role: 'ADMIN' })).token
    const vendor = (
      await createApiToken(stack.db.db, {
        name: 'bench-vendor',
        role: 'VENDOR',
        partyId: vendorRow!.id,
      })
    ).token
    const url = `${served.url}/graphql`
    const tokens = { admin, vendor }
    await run(url, tokens, 0).catch(() => undefined) // warm-up (JIT, caches)
    const alone = await run(url, tokens, 0)
    const attacked = await run(url, tokens, HOSTILE)
    const fmt = (n: number) => n.toFixed(1).padStart(7)
    const line = (label: string, p: Phase) =>
      console.log(
        `  ${label.padEnd(34)} ${fmt(p.page.length / p.seconds)} pages/s   p50 ${fmt(percentile(p.page, 50))} ms   p95 ${fmt(percentile(p.page, 95))} ms   p99 ${fmt(percentile(p.page, 99))} ms   failures ${p.pageFailures}${p.firstFailure ? ` (${p.firstFailure.slice(0, 160)})` : ''}`
      )
    console.log(
      `incidents page (50 rows) through the gateway over HTTP on loopback: ${counts.incidents} incidents, ${CLIENTS} paging clients, ${SECONDS} s per phase; clients, gateway and PostgreSQL share this machine's ${availableParallelism()} cores, 1-min load average ${loadBefore.toFixed(1)} before the run`
    )
    line('page alone', alone)
    line(`page beside ${HOSTILE} hostile clients`, attacked)
    const ratio = percentile(attacked.page, 95) / percentile(alone.page, 95)
    console.log(
      `  page p95 with hostile clients / without: ${ratio.toFixed(2)}x   goal: within 1.5x: ${ratio <= 1.5 ? 'met' : 'NOT met'}`
    )
    console.log('  hostile documents (answers: HTTP status and the limit or code):')
    for (const h of attacked.hostile)
      console.log(
        `    ${h.name.padEnd(42)} ${String(h.n).padStart(6)} sent   p50 ${fmt(percentile(h.ms, 50))} ms   p95 ${fmt(percentile(h.ms, 95))} ms   ${Object.entries(
          h.answers
        )
          .map(([a, n]) => `${a} x${n}`)
          .join(', ')}`
      )
  } finally {
    await served.close()
  }
} finally {
  await stack.close()
}
