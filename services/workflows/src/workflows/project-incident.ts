import {
  pingPongStats,
  type IncidentEvent,
  type IncidentProjection,
  type IncidentState,
  type IncidentView,
} from '@baton/domain'
import type { SimulatedClockState } from '@baton/temporal'

/**
 * The projection row the workflow writes after each event (party references are slugs). The write
 * is queued, so the events are copied now: the row of entry N must not show events applied after
 * it (the gateway derives live clocks from them). A simulated clock is kept beside them, so
 * readers can tell the incident's own current instant (`Incident.asOf`).
 */
export function projectIncident(
  s: IncidentState,
  view: IncidentView,
  events: readonly IncidentEvent[],
  clock?: SimulatedClockState
): IncidentProjection {
  const involved = [
    ...new Set([
      s.holder,
      ...s.handoffs.flatMap((h) => [h.from, h.to]),
      ...(s.waiting ? [s.waiting.on] : []),
    ]),
  ]
  const running = view.clocks
    .filter((c) => c.state === 'RUNNING')
    .map((c) => c.deadline)
    .filter((d): d is string => !!d)
    .sort()
  return {
    title: s.title,
    priority: s.priority,
    status: s.status,
    holder: s.holder,
    ...(s.openedAt ? { openedAt: s.openedAt } : {}),
    acknowledgedAt: s.acknowledgedAt ?? null,
    resolvedAt: s.resolvedAt ?? null,
    closedAt: s.closedAt ?? null,
    breached: view.clocks.filter((c) => c.state === 'BREACHED').length,
    nextDeadline: running[0] ?? null,
    ...(s.serviceId ? { service: s.serviceId } : {}),
    involvedParties: involved,
    handoffs: s.handoffs.map((h) => ({
      id: h.id,
      from: h.from,
      to: h.to,
      state: h.state,
      offeredAt: h.offeredAt,
      respondedAt: h.respondedAt ?? null,
      reason: h.responseReason ?? h.reason,
    })),
    state: {
      segments: s.segments,
      waiting: s.waiting ?? null,
      priorityRequests: s.priorityRequests,
      clocks: view.clocks,
      accountability: view.accountability,
      pingPong: pingPongStats(s),
      events: [...events],
      ...(clock ? { clock } : {}),
    },
  }
}
