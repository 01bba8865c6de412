// Throughput of business-time arithmetic over 30-day spans on a 9-to-5 calendar, beside a
// same-run baseline of Luxon's DateTime.plus on the same instants. Run: npx tsx bench/domain/business-time.bench.ts
// (BENCH_QUICK=1: 2,000 spans instead of 20,000)
import { DateTime } from 'luxon'
import { addBusinessTime, businessTimeBetween } from '../../schema/domain/src/index.ts'
import type { BusinessCalendar } from '../../schema/domain/src/index.ts'
import { usFederalHolidays2026 } from '../../schema/domain/src/testing/demo-world.ts'

const nineToFive = [{ start: '09:00', end: '17:00' }]
const cal: BusinessCalendar = {
  timeZone: 'America/New_York',
  week: { mon: nineToFive, tue: nineToFive, wed: nineToFive, thu: nineToFive, fri: nineToFive },
  holidays: usFederalHolidays2026,
}
const DAY = 86_400_000
const N = process.env.BENCH_QUICK === '1' ? 2_000 : 20_000
// Starts spread over a year (both DST changes), 7 minutes apart in phase so windows differ.
const base = Date.parse('2026-01-01T00:00:00Z')
const starts = Array.from({ length: N }, (_, i) => base + ((i * 7919 * 60_000) % (365 * DAY)))
const businessMs = 22 * 8 * 3_600_000 // about 30 calendar days of 9-to-5 time

function run(name: string, fn: (s: number) => number): number {
  for (let i = 0; i < 2_000; i++) fn(starts[i % N]!) // warm-up
  let sink = 0
  const t0 = performance.now()
  for (const s of starts) sink += fn(s)
  const ms = performance.now() - t0
  const ops = Math.round((N / ms) * 1000)
  console.log(
    `${name.padEnd(52)} ${ops.toLocaleString('en-US').padStart(12)} ops/s  (${((ms * 1000) / N).toFixed(2)} µs/op, sink ${sink % 7})`
  )
  return ops
}

console.log(`business time over 30-day spans, 9-to-5 America/New_York, ${N} instants`)
const luxon = run('baseline: Luxon DateTime.plus({ days: 30 })', (s) =>
  DateTime.fromMillis(s, { zone: cal.timeZone }).plus({ days: 30 }).toMillis()
)
const add = run('addBusinessTime(start, 176 business hours)', (s) =>
  addBusinessTime(new Date(s), businessMs, cal).getTime()
)
const between = run('businessTimeBetween(start, start + 30 days)', (s) =>
  businessTimeBetween(new Date(s), new Date(s + 30 * DAY), cal)
)
const fresh = run('addBusinessTime, fresh calendar object (no cache)', (s) =>
  addBusinessTime(new Date(s), businessMs, { ...cal }).getTime()
)
console.log(
  `ratio to baseline: add ${(add / luxon).toFixed(2)}x, between ${(between / luxon).toFixed(2)}x, uncached add ${(fresh / luxon).toFixed(2)}x`
)
