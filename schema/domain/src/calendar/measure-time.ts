import type { Interval, OpenIntervalSource } from './open-intervals.ts'

// The arithmetic of business time over any source of open intervals (one calendar, the wall
// clock, or a follow-the-sun union), walking interval by interval, never minute by minute.

/** Real ms of open time in [fromMs, toMs); 0 when toMs <= fromMs. */
export function measureBetween(source: OpenIntervalSource, fromMs: number, toMs: number): number {
  if (!(toMs > fromMs)) return 0
  let total = 0
  for (const [a, b] of source(fromMs)) {
    if (a >= toMs) break
    total += Math.min(b, toMs) - a
    if (b >= toMs) break
  }
  return total
}

/** Earliest t >= startMs with measureBetween(startMs, t) === durationMs, or undefined if never. */
export function measureAdd(
  source: OpenIntervalSource,
  startMs: number,
  durationMs: number
): number | undefined {
  if (durationMs === 0) return startMs
  let remaining = durationMs
  for (const [a, b] of source(startMs)) {
    if (b - a >= remaining) return a + remaining
    remaining -= b - a
  }
  return undefined
}

/** First open instant at or after fromMs, or undefined if the source never opens. */
export function measureNextOpening(source: OpenIntervalSource, fromMs: number): number | undefined {
  for (const [a] of source(fromMs)) return a
  return undefined
}

// A union that stays open (a 24x7 source, or desks whose shifts overlap end to end) never reaches
// a gap, so it is yielded in pieces of at most this length: adjacent, as a calendar's days are.
const UNION_PIECE_MS = 86_400_000

/** Open whenever any of the sources is open (a follow-the-sun party across desks). */
export function unionSource(sources: readonly OpenIntervalSource[]): OpenIntervalSource {
  if (sources.length === 1 && sources[0]) return sources[0]
  return function* (fromMs: number): Generator<Interval> {
    const iters = sources.map((s) => s(fromMs)[Symbol.iterator]())
    const heads: Array<Interval | undefined> = iters.map((it) => next(it))
    let current: [number, number] | undefined
    // Everything before `floor` has been yielded; later heads are clipped to it.
    let floor = -Infinity
    for (;;) {
      let idx = -1
      for (let i = 0; i < heads.length; i++) {
        const h = heads[i]
        const best = heads[idx]
        if (h && (!best || h[0] < best[0])) idx = i
      }
      const head = heads[idx]
      const iter = iters[idx]
      if (!head || !iter) break
      heads[idx] = next(iter)
      const start = Math.max(head[0], floor)
      if (head[1] <= start) continue
      if (current && start <= current[1]) current[1] = Math.max(current[1], head[1])
      else {
        if (current) yield current
        current = [start, head[1]]
      }
      if (current[1] === Infinity) break
      if (current[1] - current[0] >= UNION_PIECE_MS) {
        yield current
        floor = current[1]
        current = undefined
      }
    }
    if (current) yield current
  }
}

const next = (it: Iterator<Interval>): Interval | undefined => {
  const r = it.next()
  return r.done ? undefined : r.value
}
