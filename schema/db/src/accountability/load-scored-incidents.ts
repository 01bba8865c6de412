import { and, asc, gte, inArray, lt, type SQL } from 'drizzle-orm'
import {
  computeIncidentView,
  type ClockView,
  type IncidentEvent,
  type Priority,
  type ScorecardIncident,
  type World,
} from '@baton/domain'
import type { Database } from '../create-db.ts'
import { incidents } from '../tables/incidents.ts'
import { incidentSettlements } from '../tables/accountability.ts'
import { pinWorld } from './pin-world.ts'

/**
 * Incidents as the scorecard reads them: settled ones from their settlement (events, pinned
 * world, clocks as fixed at close), the others from the projection's events, judged at `asOf`.
 */
export async function loadScoredIncidents(
  db: Database,
  world: World,
  o: { openedFrom?: string; openedTo?: string; ids?: string[]; asOf: Date }
): Promise<ScorecardIncident[]> {
  const where: SQL[] = []
  if (o.openedFrom) where.push(gte(incidents.openedAt, new Date(o.openedFrom)))
  if (o.openedTo) where.push(lt(incidents.openedAt, new Date(o.openedTo)))
  if (o.ids)
    where.push(
      inArray(incidents.id, o.ids.length ? o.ids : ['00000000-0000-0000-0000-000000000000'])
    )
  const rows = await db
    .select({
      id: incidents.id,
      key: incidents.key,
      priority: incidents.priority,
      openedAt: incidents.openedAt,
      state: incidents.state,
    })
    .from(incidents)
    .where(and(...where))
    .orderBy(asc(incidents.openedAt), asc(incidents.key))
  if (rows.length === 0) return []
  const settled = new Map(
    (
      await db
        .select()
        .from(incidentSettlements)
        .where(
          inArray(
            incidentSettlements.incidentId,
            rows.map((r) => r.id)
          )
        )
    ).map((s) => [s.incidentId, s])
  )
  return rows.flatMap((r): ScorecardIncident[] => {
    const s = settled.get(r.id)
    if (s)
      return [
        {
          id: r.id,
          key: r.key,
          priority: r.priority as Priority,
          events: s.events as IncidentEvent[],
          world: s.world as World,
          clocks: s.clocks as ClockView[],
          settled: true,
        },
      ]
    const events = (r.state as { events?: IncidentEvent[] }).events ?? []
    if (events.length === 0) return []
    const pinned = pinWorld(world, r.openedAt.toISOString())
    const clocks = computeIncidentView(
      { events, world: pinned, options: { pingPong: pinned.pingPong } },
      o.asOf
    ).clocks
    return [
      {
        id: r.id,
        key: r.key,
        priority: r.priority as Priority,
        events,
        world: pinned,
        clocks,
        settled: false,
      },
    ]
  })
}
