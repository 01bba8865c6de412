import type { IncidentEvent } from '../events/incident-event.ts'
import type { DomainError } from '../result.ts'
import type { ApplyOptions } from './apply-options.ts'
import { applyIncidentEvent } from './apply-incident-event.ts'
import { emptyIncidentState } from './incident-state.ts'
import type { IncidentState } from './incident-state.ts'

export type RejectedEvent = { index: number; event: IncidentEvent; error: DomainError }
export type Custody = IncidentState & { rejected: RejectedEvent[] }

/** Folds an event list into custody; invalid events are skipped and reported, as a simulator needs. */
export function deriveCustody(
  events: readonly IncidentEvent[],
  options: ApplyOptions = {}
): Custody {
  let state = emptyIncidentState()
  const rejected: RejectedEvent[] = []
  events.forEach((event, index) => {
    const r = applyIncidentEvent(state, event, options)
    if (r.ok) state = r.value
    else rejected.push({ index, event, error: r.error })
  })
  return { ...state, rejected }
}
