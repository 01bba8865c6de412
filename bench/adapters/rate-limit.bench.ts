// The per-party webhook rate limit: what sharing it across replicas through Postgres costs per
// message, beside the in-process token bucket it replaced (same run, same machine). Alternatives
// measured: leased batches (what the adapters use), a lease per message, and a fixed-window
// counter row per party per second. Run: npx tsx bench/adapters/rate-limit.bench.ts
// (BENCH_CALLS, default 5,000; BENCH_QUICK=1: 1,000)
import { sql } from 'drizzle-orm'
import postgres from 'postgres'
import { createDb, runMigrations, type Database } from '@baton/db'
import { leaseTokens, RateLimiter, SharedRateLimiter } from '@baton/adapters'
import { percentile } from '../support/bench-stack.ts'

const CALLS = Number(process.env.BENCH_CALLS ?? (process.env.BENCH_QUICK === '1' ? 1000 : 5000))
const CONCURRENCY = 50
const admin =
  process.env.BATON_TEST_PG_URL ??
  process.env.DATABASE_URL ??
  'postgres://postgres@127.0.0.1:5432/postgres'
const name = `baton_bench_rate_${Date.now().toString(36)}`
const root = postgres(admin, { max: 1, onnotice: () => {} })
await root.unsafe(`CREATE DATABASE "${name}"`)
const url = new URL(admin)
url.pathname = `/${name}`
await runMigrations(url.toString())
const handle = createDb({ url: url.toString(), max: 20, applicationName: 'baton-bench-rate' })
const db: Database = handle.db

const newParty = async () =>
  (
    await db.execute<{ id: string }>(
      sql`insert into parties (slug, name, kind) values (${`p-${Math.random().toString(36).slice(2)}`}, 'bench', 'OTHER') returning id`
    )
  )[0]!.id
const us = (ms: number) => `${(ms * 1000).toFixed(1).padStart(8)} µs`

/** Calls `take` `CALLS` times from `concurrency` callers; prints p50/p99 per call and the admitted share. */
async function measure(label: string, concurrency: number, take: () => Promise<number> | number) {
  const latencies: number[] = []
  let admitted = 0
  let next = 0
  const started = performance.now()
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next++ < CALLS) {
        const t0 = performance.now()
        if ((await take()) === 0) admitted++
        latencies.push(performance.now() - t0)
      }
    })
  )
  const seconds = (performance.now() - started) / 1000
  console.log(
    `${label.padEnd(66)} p50 ${us(percentile(latencies, 50))}  p99 ${us(percentile(latencies, 99))}  ${(CALLS / seconds).toFixed(0).padStart(7)} calls/s  admitted ${admitted}/${CALLS}`
  )
  return percentile(latencies, 50)
}

/** 50 senders, each taking a token and then doing ~10 ms of its own work (as a webhook does), for 2 s. */
async function measurePaced(label: string, take: () => Promise<number>) {
  const latencies: number[] = []
  let admitted = 0
  const end = performance.now() + 2000
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (performance.now() < end) {
        const t0 = performance.now()
        if ((await take()) === 0) admitted++
        latencies.push(performance.now() - t0)
        await new Promise((r) => setTimeout(r, 10))
      }
    })
  )
  console.log(
    `${label.padEnd(66)} p50 ${us(percentile(latencies, 50))}  p99 ${us(percentile(latencies, 99))}  offered ${(latencies.length / 2).toFixed(0).padStart(5)}/s  admitted ${(admitted / 2).toFixed(0)}/s`
  )
  return percentile(latencies, 50)
}

try {
  await db.execute(
    sql`create table bench_rate_windows (party_id uuid not null, second bigint not null, n integer not null, primary key (party_id, second))`
  )
  const windowTake = (partyId: string, rate: number) => async () => {
    const [row] = await db.execute<{
      n: number
    }>(sql`insert into bench_rate_windows as w (party_id, second, n) values (${partyId}, floor(extract(epoch from now()))::bigint, 1)
      on conflict (party_id, second) do update set n = w.n + 1 returning n`)
    return row!.n <= rate ? 0 : 1
  }
  const inProcess = new RateLimiter()
  const unlimited = 1e9

  console.log(`${CALLS} takes per line; latency of one take (the admission decision only)`)
  const base = await measure('in-process token bucket (baseline, per replica)', 1, () =>
    inProcess.take('p', unlimited)
  )
  await measure('in-process token bucket, 50 concurrent', CONCURRENCY, () =>
    inProcess.take('p', unlimited)
  )
  const shared = new SharedRateLimiter(db)
  const p1 = await newParty()
  const leased = await measure('shared, leased batches (adapters), rate 1e9/s', 1, () =>
    shared.take(p1, unlimited)
  )
  const p7 = await newParty()
  await measure(
    'shared, leased batches, rate 100000/s (lease 5000), 50 concurrent',
    CONCURRENCY,
    () => shared.take(p7, 100_000)
  )
  const p2 = await newParty()
  await measure('shared, leased batches, rate 2000/s (lease 100), 50 concurrent', CONCURRENCY, () =>
    shared.take(p2, 2000)
  )
  const p3 = await newParty()
  await measure('shared, leased batches, rate 200/s (lease 10), 50 concurrent', CONCURRENCY, () =>
    shared.take(p3, 200)
  )
  console.log('\n50 paced senders (a take, then ~10 ms of work each), 2 s')
  const p8 = await newParty()
  const pacedUnder = await measurePaced(
    'shared, leased batches, rate 10000/s (under the limit)',
    () => shared.take(p8, 10_000)
  )
  const p9 = await newParty()
  const pacedOver = await measurePaced('shared, leased batches, rate 1000/s (over the limit)', () =>
    shared.take(p9, 1000)
  )
  const p10 = await newParty()
  await measurePaced('fixed-window counter row per second (a query each)', windowTake(p10, 1000))
  console.log('')
  const p4 = await newParty()
  const perMessage = await measure('lease of one token per message (a query each)', 1, async () =>
    (await leaseTokens(db, p4, unlimited, 1)).granted ? 0 : 1
  )
  const p5 = await newParty()
  const windowed = await measure(
    'fixed-window counter row per second (a query each)',
    1,
    windowTake(p5, unlimited)
  )
  const p6 = await newParty()
  await measure(
    'fixed-window counter row per second, 50 concurrent',
    CONCURRENCY,
    windowTake(p6, unlimited)
  )
  console.log(
    `\nadded p50 over the in-process baseline: leased batches ${us(leased - base)}, lease per message ${us(perMessage - base)}, fixed window ${us(windowed - base)}`
  )
  console.log(
    `paced senders, leased batches: p50 ${us(pacedUnder)} under the limit, ${us(pacedOver)} over it`
  )
  const worst = Math.max(leased, pacedUnder, pacedOver) - base
  console.log(
    `goal: well under 1 ms added p50 -> leased batches ${worst < 0.5 ? 'met' : 'NOT met'} (worst ${us(worst)}); tight-loop callers at saturation wait on leases (lines above)`
  )
} finally {
  await handle.close()
  await root.unsafe(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)
  await root.end()
}
