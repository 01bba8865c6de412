import type { IncidentEvent } from '../events/incident-event.ts'

/** The opening of the custody tests' incident: a P1 held by stratus at 2026-03-06T20:00Z. */
export const opened: IncidentEvent = {
  type: 'opened',
  at: '2026-03-06T20:00:00Z',
  priority: 'P1',
  holder: 'stratus',
  title: 'checkout down',
}
