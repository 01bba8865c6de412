import { beforeAll, describe, expect, it } from 'vitest'
import { adminFixtureForFile } from './testing/served-gateway.test-support.ts'
import {
  demoOutageSimulation,
  simulationParties,
  type SimulationEvent,
} from './testing/simulation-events.ts'

const fx = adminFixtureForFile()
let stratusToken: string
let ids: Record<string, string>
let ev: SimulationEvent
let checkout: string
beforeAll(async () => {
  stratusToken = await fx.f.token('VENDOR', 'stratus')
  ;({ ids, ev } = await simulationParties(fx.f, fx.admin))
  checkout = (
    await fx.f.gql<{ services: { id: string; slug: string }[] }>('{ services { id slug } }', {
      token: fx.admin,
    })
  ).data!.services.find((x) => x.slug === 'online-checkout')!.id
})

describe('simulateIncident', () => {
  it('evaluates the docs/scenario.md P1 timeline with the live domain code: breaches, attribution and the credits Stratus and Vistula owe', async () => {
    const events = [
      ...demoOutageSimulation(ev),
      ev('2026-03-07T06:11:00Z', 'ACKNOWLEDGED', 'bayside'),
    ]
    const r = await fx.f.gql<{
      simulateIncident: {
        custody: { party: { slug: string } }[]
        clocks: {
          agreement: { slug: string }
          metric: string
          state: string
          attributedTo: { slug: string } | null
          breachedAt: string | null
        }[]
        credits: { party: { slug: string }; amount: number; currency: string }[]
        escalations: { step: number | null; party: { slug: string } }[]
        rejectedEvents: string[]
        handoffs: { state: string; incident: unknown }[]
      }
    }>(
      `query($input: SimulateIncidentInput!) { simulateIncident(input: $input) {
        custody { party { slug } } handoffs { state incident { id } }
        clocks { agreement { slug } metric state breachedAt attributedTo { slug } }
        escalations { step party { slug } } credits { party { slug } amount currency } rejectedEvents } }`,
      {
        token: fx.admin,
        variables: {
          input: {
            priority: 'P1',
            holderPartyId: ids.sentinel,
            serviceId: checkout,
            openedAt: '2026-03-06T20:00:00Z',
            events,
            asOf: '2026-03-09T13:00:00Z',
          },
        },
      }
    )
    expect(r.errors).toBeUndefined()
    const s = r.data!.simulateIncident
    expect(s.custody.map((c) => c.party.slug)).toEqual([
      'sentinel',
      'stratus',
      'vistula',
      'stratus',
    ])
    expect(s.handoffs.map((h) => h.state)).toEqual(['ACCEPTED', 'REJECTED', 'ACCEPTED', 'ACCEPTED'])
    expect(s.handoffs.every((h) => h.incident === null)).toBe(true)
    const breached = s.clocks
      .filter((c) => c.state === 'BREACHED')
      .map((c) => `${c.breachedAt} ${c.agreement.slug}/${c.metric} -> ${c.attributedTo?.slug}`)
      .sort()
    expect(breached).toEqual([
      '2026-03-06T20:35:00.000Z containment/HANDOFF_ACCEPT -> stratus',
      '2026-03-06T20:35:00.000Z stratus-hosting/RESPONSE -> stratus',
      '2026-03-06T21:45:00.000Z handoff-acceptance/HANDOFF_ACCEPT -> vistula',
      '2026-03-07T00:00:00.000Z checkout-availability/RESOLUTION -> vistula',
    ])
    expect(s.credits.map((c) => `${c.party.slug} ${c.amount} ${c.currency}`).sort()).toEqual([
      'stratus 2400 USD',
      'vistula 6400 USD',
    ])
    expect(s.escalations.filter((e) => e.party.slug === 'vistula').map((e) => e.step)).toEqual([
      1, 2, 1,
    ])
    // An acknowledgement after the resolution is refused, and the answer says which event and why.
    expect(s.rejectedEvents).toHaveLength(1)
    expect(s.rejectedEvents[0]).toMatch(/^event 11 \(acknowledged at 2026-03-07T06:11:00.000Z\): /)
  })

  it('is not available to vendor tokens', async () => {
    const r = await fx.f.gql(
      `{ simulateIncident(input: { priority: P1, holderPartyId: "${ids.stratus}", openedAt: "2026-03-06T20:00:00Z", events: [], asOf: "2026-03-06T21:00:00Z" }) { clocks { id } } }`,
      { token: stratusToken }
    )
    expect(r.errors?.[0]?.extensions?.code).toBe('FORBIDDEN')
  })
})

describe('scorecard', () => {
  it("answers a party's figures for a period, and NOT_FOUND when a vendor asks for another party", async () => {
    const q = `query($p: ID!) { scorecard(partyId: $p, from: "2026-03-01T00:00:00Z", to: "2026-04-01T00:00:00Z") { party { slug } incidents breaches creditsTotal mtta slaAttainment integration { received } } }`
    const own = await fx.f.gql<{
      scorecard: {
        party: { slug: string }
        incidents: number
        breaches: number
        creditsTotal: number
        integration: { received: number }
      }
    }>(q, { token: stratusToken, variables: { p: ids.stratus } })
    expect(own.errors).toBeUndefined()
    expect(own.data!.scorecard).toMatchObject({
      party: { slug: 'stratus' },
      incidents: 0,
      breaches: 0,
      creditsTotal: 0,
      integration: { received: 0 },
    })
    const other = await fx.f.gql(q, { token: stratusToken, variables: { p: ids.vistula } })
    expect(other.errors?.[0]?.extensions?.code).toBe('NOT_FOUND')
  })
})
