import { deriveCustody, type IncidentEvent, type World } from '@baton/domain'
import type { Database } from '../create-db.ts'
import { allocateIncident } from '../ledger/allocate-incident.ts'
import { recordIncidentEvent } from '../ledger/record-incident-event.ts'

/** Records an incident's events as the workflow would (ledger + projection), without Temporal. */
export async function recordIncident(
  db: Database,
  clientKey: string,
  events: readonly IncidentEvent[],
  world: World
) {
  const first = events[0]
  if (first?.type !== 'opened') throw new Error('the first event must be opened')
  const inc = await allocateIncident(db, {
    clientKey,
    title: first.title,
    priority: first.priority,
    holder: first.holder,
    openedAt: first.at,
  })
  for (let i = 0; i < events.length; i++) {
    const e = events[i]!
    const so = events.slice(0, i + 1)
    const s = deriveCustody(so, { pingPong: world.pingPong })
    await recordIncidentEvent(db, {
      incidentId: inc.id,
      seq: i + 1,
      idempotencyKey: `test/${inc.key}#${i + 1}`,
      at: e.at,
      type: e.type,
      actor: 'party' in e ? e.party : 'northwind',
      data: e,
      projection: {
        title: s.title,
        priority: s.priority,
        status: s.status,
        holder: s.holder,
        acknowledgedAt: s.acknowledgedAt ?? null,
        resolvedAt: s.resolvedAt ?? null,
        closedAt: s.closedAt ?? null,
        involvedParties: [...new Set([s.holder, ...s.handoffs.flatMap((h) => [h.from, h.to])])],
        handoffs: s.handoffs.map((h) => ({
          id: `${inc.key}-${h.id}`,
          from: h.from,
          to: h.to,
          state: h.state,
          offeredAt: h.offeredAt,
          respondedAt: h.respondedAt ?? null,
          reason: h.reason,
        })),
        state: { segments: s.segments, events: so },
      },
    })
  }
  return { ...inc, workflowId: `incident/${inc.key}` }
}
