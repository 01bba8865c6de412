import type { IncidentEvent } from '../events/incident-event.ts'
import type { ClockView } from '../clocks/clock-view.ts'
import { domainError, ok, type Result } from '../result.ts'
import type { ApplyOptions } from './apply-options.ts'
import { applyIncidentEvent } from './apply-incident-event.ts'
import { emptyIncidentState, type IncidentState } from './incident-state.ts'

export type Retimed = {
  events: IncidentEvent[]
  state: IncidentState
  oldAt: string
  newAt: string
}

/**
 * A staff correction of one event's time: the same events with event `index` at `at`, and the
 * state they give. Refused (BAD_INPUT) when the new time is not an instant, lies in the incident's
 * future, or would move the event past its neighbours (custody is an ordered story: a correction
 * may not reorder it), or when the corrected events no longer make a valid incident.
 */
export function retimeEvent(
  events: readonly IncidentEvent[],
  index: number,
  at: string,
  now: Date,
  options: ApplyOptions = {}
): Result<Retimed> {
  const event = events[index]
  if (!event) return domainError('BAD_INPUT', `no event at position ${index}`)
  const ms = Date.parse(at)
  if (Number.isNaN(ms)) return domainError('BAD_INPUT', `at: '${at}' is not an instant`)
  const newAt = new Date(ms).toISOString()
  if (ms > now.getTime())
    return domainError(
      'BAD_INPUT',
      `at: ${newAt} is after the incident's now (${now.toISOString()})`
    )
  const before = events[index - 1]
  const after = events[index + 1]
  if (before && ms < Date.parse(before.at))
    return domainError(
      'BAD_INPUT',
      `at: ${newAt} would put this '${event.type}' before the '${before.type}' at ${before.at} that precedes it; a correction may not reorder custody`
    )
  if (after && ms > Date.parse(after.at))
    return domainError(
      'BAD_INPUT',
      `at: ${newAt} would put this '${event.type}' after the '${after.type}' at ${after.at} that follows it; a correction may not reorder custody`
    )
  const retimed = events.map((e, i) => (i === index ? { ...e, at: newAt } : e))
  let state = emptyIncidentState()
  for (const e of retimed) {
    const next = applyIncidentEvent(state, e, options)
    if (!next.ok)
      return domainError(
        'BAD_INPUT',
        `at: the corrected events are no longer a valid incident (${next.error.message})`
      )
    state = next.value
  }
  return ok({ events: retimed, state, oldAt: event.at, newAt })
}

export type ClockChange = {
  clockId: string
  metric: string
  party: string
  before: ClockFacts | null
  after: ClockFacts | null
}
type ClockFacts = {
  state: string
  deadline: string | null
  breachedAt: string | null
  stoppedAt: string | null
  attributedTo: string | null
}

const facts = (c: ClockView): ClockFacts => ({
  state: c.state,
  deadline: c.deadline,
  breachedAt: c.breachedAt,
  stoppedAt: c.stoppedAt,
  attributedTo: c.attributedTo,
})

/** The clocks whose state, deadline, breach, stop or attribution differ between two views. */
export function clockChanges(
  before: readonly ClockView[],
  after: readonly ClockView[]
): ClockChange[] {
  const was = new Map(before.map((c) => [c.id, c]))
  const is = new Map(after.map((c) => [c.id, c]))
  const changes: ClockChange[] = []
  for (const id of new Set([...was.keys(), ...is.keys()])) {
    const b = was.get(id)
    const a = is.get(id)
    const fb = b ? facts(b) : null
    const fa = a ? facts(a) : null
    if (JSON.stringify(fb) === JSON.stringify(fa)) continue
    const c = (a ?? b)!
    changes.push({ clockId: id, metric: c.metric, party: c.party, before: fb, after: fa })
  }
  return changes
}
