import type { IncidentEvent } from '../events/incident-event.ts'
import { computeSettlement } from '../scorecards/settlement.ts'
import { computeMonthlyCredits } from '../scorecards/monthly-credits.ts'
import type { IntegrationHealth, ScorecardIncident } from '../scorecards/scorecard.ts'
import type { World } from '../world/world.ts'
import { demoWorld } from './demo-world.ts'

// What a scorecard of the demo world reads, derived from the domain alone: the tests of
// scorecards and packs and the committed example pack (render-example-pack) build it the same way.

/** A closed incident of the demo world as a scorecard reads it: settled at its last event. */
export function settledDemoIncident(key: string, events: IncidentEvent[]): ScorecardIncident {
  const first = events[0]!
  return {
    id: key,
    key,
    priority: first.type === 'opened' ? first.priority : 'P4',
    events,
    world: demoWorld,
    clocks: computeSettlement({ events, world: demoWorld, closedAt: events.at(-1)!.at }).clocks,
    settled: true,
  }
}

/** A party's March 2026 credit statements: each demo agreement it provides, over the incidents' clocks. */
export function demoMarchCredits(party: string, incidents: readonly ScorecardIncident[]) {
  const clocks = incidents.flatMap((i) => i.clocks.map((c) => ({ ...c, incidentKey: i.key })))
  return demoWorld.agreements
    .filter((a) => a.provider === party)
    .flatMap((a) => computeMonthlyCredits(a, clocks, { months: ['2026-03'] }))
}

/** The integration health of a period in which no vendor message arrived. */
export const NO_INTAKE: IntegrationHealth = {
  received: 0,
  applied: 0,
  refused: 0,
  deadLettered: 0,
  pending: 0,
  duplicates: null,
}

/**
 * The demo world with stratus-hosting at version 2, whose response targets allow 30 minutes
 * (version 1 gives P1 15): settled under it, the outage's Stratus response breach and its
 * USD 2,400 credit go away. `effectiveFrom` defaults to version 1's.
 */
export function demoWorldWithStratusResponseIn30Min(effectiveFrom?: string): World {
  return {
    ...demoWorld,
    agreements: demoWorld.agreements.map((a) =>
      a.slug === 'stratus-hosting'
        ? {
            ...a,
            version: 2,
            ...(effectiveFrom ? { effectiveFrom } : {}),
            targets: a.targets.map((x) =>
              x.metric === 'RESPONSE' ? { ...x, duration: 'PT30M' } : x
            ),
          }
        : a
    ),
  }
}
