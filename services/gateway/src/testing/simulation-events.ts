import type { GatewayFixture } from './gateway-fixture.ts'

// The events of a simulateIncident input written by party slug, for the simulation tests.

export type SimulationEvent = (
  at: string,
  type: string,
  party: string,
  extra?: Record<string, string>
) => Record<string, unknown>

/**
 * The parties' ids as `token` reads them over GraphQL, and `ev`: an event whose `partyId` and
 * every `...PartyId` of `extra` name a party by its slug.
 */
export async function simulationParties(f: GatewayFixture, token: string) {
  const r = await f.gql<{ parties: { id: string; slug: string }[] }>('{ parties { id slug } }', {
    token,
  })
  const ids: Record<string, string> = Object.fromEntries(r.data!.parties.map((p) => [p.slug, p.id]))
  const ev: SimulationEvent = (at, type, party, extra = {}) => ({
    at,
    type,
    partyId: ids[party],
    ...Object.fromEntries(
      Object.entries(extra).map(([k, v]) => [k, k.endsWith('PartyId') ? ids[v] : v])
    ),
  })
  return { ids, ev }
}

/** The P1 of docs/scenario.md as the parties lived it, up to its resolution: Baton itself records what expires. */
export const demoOutageSimulation = (ev: SimulationEvent) => [
  ev('2026-03-06T20:04:00Z', 'ACKNOWLEDGED', 'sentinel'),
  ev('2026-03-06T20:20:00Z', 'HANDOFF_OFFERED', 'sentinel', {
    toPartyId: 'stratus',
    reason: 'WAF',
  }),
  ev('2026-03-06T20:41:00Z', 'HANDOFF_ACCEPTED', 'stratus'),
  ev('2026-03-06T21:30:00Z', 'HANDOFF_OFFERED', 'stratus', {
    toPartyId: 'vistula',
    reason: 'defect',
  }),
  ev('2026-03-06T21:55:00Z', 'HANDOFF_REJECTED', 'vistula', { reason: 'WAF misconfiguration' }),
  ev('2026-03-06T22:05:00Z', 'HANDOFF_OFFERED', 'stratus', {
    toPartyId: 'vistula',
    reason: 'evidence',
    reasonCode: 'NEW_EVIDENCE',
  }),
  ev('2026-03-06T22:12:00Z', 'HANDOFF_ACCEPTED', 'vistula'),
  ev('2026-03-07T05:30:00Z', 'HANDOFF_OFFERED', 'vistula', {
    toPartyId: 'stratus',
    reason: 'fix shipped',
  }),
  ev('2026-03-07T05:38:00Z', 'HANDOFF_ACCEPTED', 'stratus'),
  ev('2026-03-07T06:10:00Z', 'RESOLVED', 'stratus'),
]
