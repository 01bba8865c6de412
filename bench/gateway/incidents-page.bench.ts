// The console's incidents page through the gateway over HTTP on loopback: 50 rows with holder,
// live clocks and bonds, over BENCH_INCIDENTS incidents (default 100,000) and ten ledger entries
// each (1,000,000), at 20 concurrent clients, beside a same-run baseline of `{ __typename }` on
// the same server. The load runs in a worker thread so the clients do not share the gateway's
// event loop. Env: BENCH_INCIDENTS, BENCH_LEDGER_PER_INCIDENT (10), BENCH_SECONDS (15), BENCH_CLIENTS (20).
import { randomUUID } from 'node:crypto'
import { Worker } from 'node:worker_threads'
import { pino } from 'pino'
import { createApiToken } from '@baton/db'
import { createGatewayApp } from '../../services/gateway/src/app/create-gateway-app.ts'
import { serveGateway } from '../../services/gateway/src/app/serve-gateway.ts'
import { percentile, startBenchStack } from '../support/bench-stack.ts'

const INCIDENTS = Number(process.env.BENCH_INCIDENTS ?? 100_000)
const PER_INCIDENT = Number(process.env.BENCH_LEDGER_PER_INCIDENT ?? 10)
const SECONDS = Number(process.env.BENCH_SECONDS ?? 15)
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 20)
const PAGE = '{ incidents(first: 50) { nodes { key holder { name } clocks { state remaining } bonds { party { slug } } } } }'
const BASELINE = '{ __typename }'

type LoadResult = { latencies: number[]; failures: number; firstFailure: string | null; seconds: number }

/** Plain JS for an eval'd worker: CLIENTS loops posting the query for SECONDS. */
const LOAD_WORKER = `
const { workerData, parentPort } = require('node:worker_threads')
const { url, token, query, clients, seconds } = workerData
const body = JSON.stringify({ query })
const headers = { 'content-type': 'application/json', accept: 'application/json', authorization: 'Bearer ' + token }
const latencies = []
let failures = 0, firstFailure = null
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
})).then(() => parentPort.postMessage({ latencies, failures, firstFailure, seconds: (performance.now() - started) / 1000 }))
`

function load(url: string, token: string, query: string, seconds: number): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(LOAD_WORKER, { eval: true, workerData: { url, token, query, clients: CLIENTS, seconds } })
    worker.once('message', (m: LoadResult) => { resolve(m); void worker.terminate() })
    worker.once('error', reject)
  })
}

const stack = await startBenchStack({ scale: 1 })
try {
  const sql = stack.db.sql
  const t0 = performance.now()
  const vendors = await sql<{ id: string; slug: string }[]>`select id, slug from parties where integration is not null order by slug`
  const vendorIds = vendors.map((v) => v.id)
  const vendorSlugs = vendors.map((v) => v.slug)
  // Incidents opened over the last INCIDENTS minutes, most OPEN (live clocks computed from the
  // persisted events), every tenth RESOLVED; the projection state holds the opening event and custody.
  await sql`
    insert into incidents (key, client_key, title, priority, status, holder_party_id, opened_at, last_seq, resolved_at, state)
    select 'BENCH-' || g, 'bench-' || g, 'Bench incident ' || g, p.priority,
           case when g % 10 = 0 then 'RESOLVED' else 'OPEN' end,
           (${vendorIds}::uuid[])[1 + g % ${vendorIds.length}], o.at, ${PER_INCIDENT},
           case when g % 10 = 0 then o.at + interval '2 hours' end,
           jsonb_build_object(
             'events', jsonb_build_array(jsonb_build_object('type', 'opened', 'at', to_char(o.at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
               'priority', p.priority, 'holder', (${vendorSlugs}::text[])[1 + g % ${vendorSlugs.length}], 'title', 'Bench incident ' || g)),
             'segments', jsonb_build_array(jsonb_build_object('party', (${vendorSlugs}::text[])[1 + g % ${vendorSlugs.length}],
               'from', to_char(o.at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), 'state', 'working')))
    from generate_series(1, ${INCIDENTS}::int) g
    cross join lateral (select now() - make_interval(mins => g) as at) o
    cross join lateral (select 'P' || (1 + (g / 4) % 3) as priority) p`
  // The holder's bond, and a second vendor bonded to every third incident.
  await sql`insert into bonds (incident_id, party_id, vendor_ref)
    select id, holder_party_id, 'ref-' || key from incidents where key like 'BENCH-%'`
  await sql`insert into bonds (incident_id, party_id)
    select i.id, (${vendorIds}::uuid[])[1 + (substr(i.key, 7)::int + 1) % ${vendorIds.length}]
    from incidents i where i.key like 'BENCH-%' and substr(i.key, 7)::int % 3 = 0 on conflict do nothing`
  // The ledger: PER_INCIDENT entries per incident (the append-only trigger refuses only UPDATE/DELETE).
  await sql`
    insert into ledger_entries (incident_id, seq, at, type, actor, data, idempotency_key, prev_hash, hash)
    select i.id, s, i.opened_at + make_interval(mins => s), case when s = 1 then 'opened' else 'comment' end, 'bench',
           jsonb_build_object('n', s), 'bench/' || i.key || '/' || s, md5(i.key || (s - 1)), md5(i.key || s)
    from incidents i cross join generate_series(1, ${PER_INCIDENT}::int) s where i.key like 'BENCH-%'`
  await sql`analyze`
  const [counts] = await sql<{ incidents: number; ledger: number; bonds: number }[]>`
    select (select count(*)::int from incidents) as incidents, (select count(*)::int from ledger_entries) as ledger, (select count(*)::int from bonds) as bonds`
  console.log(`seeded ${counts!.incidents} incidents, ${counts!.ledger} ledger entries, ${counts!.bonds} bonds in ${((performance.now() - t0) / 1000).toFixed(1)} s`)

  const app = createGatewayApp({ db: stack.db, temporal: stack.client, taskQueue: `bench-unused-${randomUUID()}`, logger: pino({ level: 'silent' }), publicUrl: 'http://127.0.0.1' })
  const served = await serveGateway(app, { port: 0 })
  try {
    const { token } = await createApiToken(stack.db.db, { name: 'bench-admin', role: 'ADMIN', partyId: null })
    const url = `${served.url}/graphql`
    const check = await (await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query: PAGE }) })).json() as { data?: { incidents: { nodes: { clocks: unknown[] }[] } }; errors?: unknown }
    if (check.errors || check.data?.incidents.nodes.length !== 50) throw new Error(`the incidents page did not answer 50 rows: ${JSON.stringify(check.errors)}`)
    const clocks = check.data.incidents.nodes.reduce((n, r) => n + r.clocks.length, 0)
    console.log(`page check: 50 rows, ${clocks} live clocks`)

    const fmt = (n: number, w = 8) => n.toFixed(1).padStart(w)
    const report = (label: string, r: LoadResult) =>
      console.log(`  ${label.padEnd(22)} ${fmt(r.latencies.length / r.seconds)} req/s   p50 ${fmt(percentile(r.latencies, 50))} ms   p95 ${fmt(percentile(r.latencies, 95))} ms   p99 ${fmt(percentile(r.latencies, 99))} ms   failures ${r.failures}${r.firstFailure ? ` (${r.firstFailure.slice(0, 200)})` : ''}`)
    await load(url, token, BASELINE, 2)
    const base = await load(url, token, BASELINE, SECONDS)
    await load(url, token, PAGE, 2)
    const page = await load(url, token, PAGE, SECONDS)
    console.log(`gateway over HTTP on loopback (${counts!.incidents} incidents, ${counts!.ledger} ledger entries, ${CLIENTS} concurrent clients, ${SECONDS} s each)`)
    report('baseline { __typename }', base)
    report('incidents page (50)', page)
    const ratio = (page.latencies.length / page.seconds) / (base.latencies.length / base.seconds)
    console.log(`  page/baseline throughput ${(ratio * 100).toFixed(0)} %   goal: p95 < 50 ms and >= 50 %`)
  } finally {
    await served.close()
  }
} finally {
  await stack.close()
}
