import { formatDuration, parseDuration } from './duration.ts'

/** How close a clock is to its target; each band has a colour AND a label/icon (colour is never the only signal). */
export type DeadlineBand = 'ok' | 'warn' | 'danger' | 'breached' | 'paused' | 'met'

export const BAND_LABEL: Record<DeadlineBand, string> = {
  ok: 'On track',
  warn: 'At risk',
  danger: 'Near breach',
  breached: 'Breached',
  paused: 'Paused',
  met: 'Met',
}

/** Share of the target still left at which a clock turns amber, then red. */
export const WARN_BELOW = 0.5
export const DANGER_BELOW = 0.2

export interface ClockFigures {
  state: string
  /** ISO-8601 durations as the API sends them. */
  target: string
  remaining: string
  deadline?: string | null
}

export interface CountdownView {
  band: DeadlineBand
  /** Share of the target left now, 0..1. */
  share: number
  /** Wall-clock time until the deadline (negative once past); null while paused or stopped. */
  untilDeadlineMs: number | null
  /** `in 12m 30s`, `breached 4m 10s ago`, `paused, 1h 05m left`. */
  text: string
}

/**
 * The countdown of one clock at `now`, from the figures the API gave. The clock's own remaining
 * time runs in its calendar (business hours), so in the browser it is bounded by the wall-clock
 * time to the deadline: min(remaining when fetched, deadline - now). That is exact for 24x7 clocks
 * and for the final open stretch of business-hour clocks, and never runs out before the deadline.
 */
export function countdown(clock: ClockFigures, now: number): CountdownView {
  const target = Math.max(1, parseDuration(clock.target))
  const remainingFetched = Math.max(0, parseDuration(clock.remaining))
  const deadline = clock.deadline ? Date.parse(clock.deadline) : null
  if (clock.state === 'BREACHED') {
    const since = deadline !== null ? now - deadline : null
    return {
      band: 'breached',
      share: 0,
      untilDeadlineMs: deadline !== null ? deadline - now : null,
      text: since !== null && since >= 0 ? `Breached ${formatDuration(since)} ago` : 'Breached',
    }
  }
  if (clock.state === 'MET')
    return { band: 'met', share: remainingFetched / target, untilDeadlineMs: null, text: 'Met' }
  if (clock.state !== 'RUNNING' || deadline === null) {
    return {
      band: 'paused',
      share: remainingFetched / target,
      untilDeadlineMs: null,
      text: `Paused, ${formatDuration(remainingFetched)} left`,
    }
  }
  const until = deadline - now
  if (until <= 0)
    return {
      band: 'breached',
      share: 0,
      untilDeadlineMs: until,
      text: `Breached ${formatDuration(-until)} ago`,
    }
  const share = Math.min(remainingFetched, until) / target
  return { band: bandOf(share), share, untilDeadlineMs: until, text: `in ${formatDuration(until)}` }
}

/** The band of a running clock with `share` of its target left. */
export function bandOf(share: number): DeadlineBand {
  if (share <= 0) return 'breached'
  if (share < DANGER_BELOW) return 'danger'
  if (share < WARN_BELOW) return 'warn'
  return 'ok'
}
