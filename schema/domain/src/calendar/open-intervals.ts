import { compileCalendar, weekdayIndexOf } from './business-calendar.ts'
import type { BusinessCalendar, CompiledCalendar } from './business-calendar.ts'
import { cachedOffsetAt, dayOffsets } from './zone-offsets.ts'

/** A half-open real-time interval [start, end) in epoch ms; end may be Infinity. */
export type Interval = readonly [number, number]
/** Yields the open intervals at or after `fromMs`, ascending, disjoint, clipped to start >= fromMs. */
export type OpenIntervalSource = (fromMs: number) => Iterable<Interval>

const DAY_MS = 86_400_000
const MINUTE = 60_000
const CACHE_LIMIT = 20_000

/** The open UTC intervals of one local day: each window's preimage under the local-time map. */
export function dayIntervals(c: CompiledCalendar, day: number): ReadonlyArray<Interval> {
  const cached = c.dayCache.get(day)
  if (cached) return cached
  const windows = c.week[weekdayIndexOf(day)] ?? []
  let out: Interval[] = []
  if (windows.length > 0 && !c.holidays.has(day)) {
    const midnight = day * DAY_MS
    const { before, at, after } = dayOffsets(c.zone, midnight)
    for (const [s, e] of windows) {
      const ls = midnight + s * MINUTE
      const le = midnight + e * MINUTE
      // Before the transition local = utc + before; after it local = utc + after.
      push(out, ls - before, Math.min(le - before, at))
      push(out, Math.max(ls - after, at), le - after)
    }
    if (before !== after) out = sortMerge(out)
  }
  if (c.dayCache.size >= CACHE_LIMIT) c.dayCache.clear()
  c.dayCache.set(day, out)
  return out
}

function push(out: Interval[], a: number, b: number): void {
  if (b > a) out.push([a, b])
}

function sortMerge(list: Interval[]): Interval[] {
  const sorted = [...list].sort((x, y) => x[0] - y[0])
  const out: Array<[number, number]> = []
  for (const [a, b] of sorted) {
    const last = out[out.length - 1]
    if (last && a <= last[1]) last[1] = Math.max(last[1], b)
    else out.push([a, b])
  }
  return out
}

/** The local day number an instant falls on. */
export const localDayOf = (c: CompiledCalendar, ms: number): number =>
  Math.floor((ms + cachedOffsetAt(c.zone, ms)) / DAY_MS)

// Holidays are finite and the week has a window, so a run of closed days is bounded by this.
const maxClosedRun = (c: CompiledCalendar): number => c.holidays.size + 8

/** Open intervals of a calendar from `fromMs` on, forever (an empty week yields nothing). */
export function* calendarIntervals(c: CompiledCalendar, fromMs: number): Generator<Interval> {
  if (!c.hasWindows) return
  // Start a day early: a fall-back across midnight can put a previous-day window after fromMs.
  let day = localDayOf(c, fromMs) - 1
  let floor = fromMs
  let closedRun = 0
  for (;;) {
    const list = dayIntervals(c, day)
    closedRun = list.length === 0 ? closedRun + 1 : 0
    if (closedRun > maxClosedRun(c)) return // every window of the week falls in a gap: never opens
    for (const [a, b] of list) {
      const start = Math.max(a, floor)
      if (b > start) {
        yield [start, b]
        floor = b
      }
    }
    day += 1
  }
}

export const calendarSource = (cal: BusinessCalendar): OpenIntervalSource => {
  const c = compileCalendar(cal)
  return (fromMs) => calendarIntervals(c, fromMs)
}

/** The wall clock: always open. */
export const wallClockSource: OpenIntervalSource = (fromMs) => [[fromMs, Infinity]]
