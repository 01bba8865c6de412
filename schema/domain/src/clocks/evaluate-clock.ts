import type { Interval, OpenIntervalSource } from '../calendar/open-intervals.ts'
import { measureAdd, measureBetween } from '../calendar/measure-time.ts'

export type ClockState = 'RUNNING' | 'PAUSED' | 'MET' | 'BREACHED' | 'CANCELLED'

export type ClockRun = {
  /** real-time spans during which the clock runs, ascending; the last may be open (Infinity) */
  spans: readonly Interval[]
  source: OpenIntervalSource
  targetMs: number
  nowMs: number
  /** the condition was met (answered, resolved) */
  stopped: boolean
  /** the clock ended without its condition (offer withdrawn, resolved by someone else first) */
  cancelled: boolean
  warnAt: readonly number[]
}

export type ClockFigures = {
  state: ClockState
  elapsedMs: number
  remainingMs: number
  /** instant the budget runs out if the clock keeps running; breachedAt once breached */
  deadline: number | null
  breachedAt: number | null
  warningsCrossed: number[]
  nextWarningAt: number | null
  /** per warnAt percent: when the clock crossed it, or will if it keeps running (null: never/paused) */
  thresholds: Array<{ percent: number; at: number | null }>
}

/** The instant the clock's cumulative time reaches `budget`, past or projected; null if not reached and not running. */
function instantAtBudget(run: ClockRun, budget: number, runningAtNow: boolean): number | null {
  let cum = 0
  for (const [a, b] of run.spans) {
    if (a > run.nowMs) break
    const part = measureBetween(run.source, a, Math.min(b, run.nowMs))
    if (cum + part >= budget && part > 0) return measureAdd(run.source, a, budget - cum) ?? null
    cum += part
  }
  return runningAtNow ? (measureAdd(run.source, run.nowMs, budget - cum) ?? null) : null
}

/** Elapsed, breach and deadline of one clock from its running spans, up to `now`. */
export function evaluateClock(run: ClockRun): ClockFigures {
  const { source, targetMs, nowMs } = run
  let elapsed = 0
  let breachedAt: number | null = null
  let runningAtNow = false
  for (const [a, b] of run.spans) {
    if (a > nowMs) break
    const end = Math.min(b, nowMs)
    // A span still open at `now` means the clock is live (business time may still be closed).
    if (b > nowMs) runningAtNow = !run.stopped && !run.cancelled
    const part = measureBetween(source, a, end)
    // Budget exhausted strictly inside a span, or exactly at `now` while still running: breach.
    if (
      breachedAt === null &&
      (elapsed + part > targetMs || (runningAtNow && end === nowMs && elapsed + part >= targetMs))
    ) {
      breachedAt = measureAdd(source, a, targetMs - elapsed) ?? end
    }
    elapsed += part
  }
  const remaining = Math.max(0, targetMs - elapsed)
  const warningsCrossed = run.warnAt.filter((p) => elapsed >= (p / 100) * targetMs)
  let deadline: number | null = breachedAt
  let nextWarningAt: number | null = null
  if (breachedAt === null && runningAtNow) {
    deadline = measureAdd(source, nowMs, remaining) ?? null
    const pending = run.warnAt
      .filter((p) => elapsed < (p / 100) * targetMs)
      .sort((x, y) => x - y)[0]
    if (pending !== undefined)
      nextWarningAt = measureAdd(source, nowMs, (pending / 100) * targetMs - elapsed) ?? null
  }
  const state: ClockState =
    breachedAt !== null
      ? 'BREACHED'
      : run.cancelled
        ? 'CANCELLED'
        : run.stopped
          ? 'MET'
          : runningAtNow
            ? 'RUNNING'
            : 'PAUSED'
  const thresholds = run.warnAt.map((percent) => ({
    percent,
    at: instantAtBudget(run, (percent / 100) * targetMs, runningAtNow && breachedAt === null),
  }))
  return {
    state,
    elapsedMs: elapsed,
    remainingMs: remaining,
    deadline,
    breachedAt,
    warningsCrossed,
    nextWarningAt,
    thresholds,
  }
}
