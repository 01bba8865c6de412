import type { ClockMetric } from '../world/world.ts'
import type { Priority } from '../events/incident-event.ts'
import type { ClockState } from './evaluate-clock.ts'

/** One derived clock, as the workflow, the projection and GraphQL's Clock type need it. */
export type ClockView = {
  /** stable within an incident: agreement@version/metric/party/cycle */
  id: string
  agreement: { slug: string; version: number; kind: 'SLA' | 'UC' | 'OLA'; name: string }
  party: string
  priority: Priority
  metric: ClockMetric
  targetMs: number
  elapsedMs: number
  remainingMs: number
  /** ISO; null unless running (projected) or breached (= breachedAt) */
  deadline: string | null
  state: ClockState
  breachedAt: string | null
  /** the party accountable at the instant the budget ran out */
  attributedTo: string | null
  handoffId: string | null
  cycle: number
  warnAt: number[]
  warningsCrossed: number[]
  nextWarningAt: string | null
  /** per warnAt percent, the instant crossed (or projected while running); null when unknown */
  thresholds: Array<{ percent: number; at: string | null }>
  /** what it is measured on (a calendar slug, 'party/desk', a follow-the-sun union, or 'wall-clock') */
  calendar: string
  timeZone: string
  startedAt: string
  stoppedAt: string | null
}

const iso = (ms: number | null): string | null =>
  ms === null || !Number.isFinite(ms) ? null : new Date(ms).toISOString()
export { iso as isoOrNull }

/** The next instant any clock changes on its own (a warning or a breach), for the workflow's timer. */
export function nextClockDeadline(clocks: readonly ClockView[]): Date | null {
  let best = Infinity
  for (const c of clocks) {
    if (c.state !== 'RUNNING') continue
    for (const t of [c.deadline, c.nextWarningAt]) {
      if (t !== null) best = Math.min(best, Date.parse(t))
    }
  }
  return best === Infinity ? null : new Date(best)
}
