import { beforeAll, describe, expect, it } from 'vitest'
import { adminFixtureForFile } from './testing/served-gateway.test-support.ts'
import {
  demoOutageSimulation,
  simulationParties,
  type SimulationEvent,
} from './testing/simulation-events.ts'
import { SIMULATION_MAX_EVENTS } from './resolvers/simulation-resolvers.ts'

const fx = adminFixtureForFile()
let ids: Record<string, string>
let ev: SimulationEvent
beforeAll(async () => {
  ;({ ids, ev } = await simulationParties(fx.f, fx.admin))
})

const outage = () => demoOutageSimulation(ev)
const QUERY = `query($input: SimulateIncidentInput!) { simulateIncident(input: $input) {
  handoffs { id state offeredAt expiredAt respondedAt }
  escalations { id at step reason party { slug } desk { slug } recipients }
  accountability { party { slug } from to why }
  clocks { id state breachedAt attributedTo { slug } }
  rejectedEvents } }`
type Simulated = {
  handoffs: { id: string; state: string; expiredAt: string | null }[]
  escalations: {
    id: string
    at: string
    step: number | null
    reason: string
    party: { slug: string }
    desk: { slug: string } | null
    recipients: string[]
  }[]
  accountability: { party: { slug: string }; from: string; to: string | null; why: string }[]
  clocks: { id: string; state: string }[]
  rejectedEvents: string[]
}
const simulate = (events: unknown[], asOf: string, openedAt = '2026-03-06T20:00:00Z') =>
  fx.f.gql<{ simulateIncident: Simulated }>(QUERY, {
    token: fx.admin,
    variables: {
      input: { priority: 'P1', holderPartyId: ids.sentinel, openedAt, events, asOf },
    },
  })

describe('simulateIncident answers what the live incident does', () => {
  it('expires the offers whose acceptance OLA ran out, and keeps the expiry after a late answer', async () => {
    const late = await simulate(outage(), '2026-03-09T13:00:00Z')
    expect(late.errors).toBeUndefined()
    expect(late.data!.simulateIncident.handoffs.map((h) => [h.id, h.state, h.expiredAt])).toEqual([
      ['SIM-H1', 'ACCEPTED', '2026-03-06T20:35:00.000Z'],
      ['SIM-H2', 'REJECTED', '2026-03-06T21:45:00.000Z'],
      ['SIM-H3', 'ACCEPTED', null],
      ['SIM-H4', 'ACCEPTED', null],
    ])
    const open = await simulate(outage(), '2026-03-06T21:50:00Z')
    expect(open.data!.simulateIncident.handoffs.at(-1)).toMatchObject({
      state: 'EXPIRED',
      expiredAt: '2026-03-06T21:45:00.000Z',
    })
  })

  it('lists the ping-pong escalation with its desk and recipients, and every ladder step with its desk', async () => {
    const r = await simulate(outage(), '2026-03-09T13:00:00Z')
    const s = r.data!.simulateIncident
    expect(
      s.escalations.map(
        (e) =>
          `${e.at.slice(11, 16)} ${e.id} ${e.party.slug}/${e.desk?.slug} ${e.recipients.join(' + ')}`
      )
    ).toEqual([
      '20:00 ladder:sentinel:1:1:0 sentinel/soc-pune SOC shift lead <soc@sentinel.example>',
      '20:20 ladder:stratus:1:1:0 stratus/global-support Stratus duty engineer <oncall@stratus.example>',
      '20:35 ladder:stratus:1:2:0 stratus/global-support Stratus duty engineer <oncall@stratus.example> + Sam Okafor <mim@northwind.example>',
      '21:30 ladder:vistula:1:1:0 vistula/p1-on-call On-call engineer <oncall@vistula.example>',
      '21:45 ladder:vistula:1:2:0 vistula/p1-on-call Duty manager <duty@vistula.example>',
      '22:05 pingpong:SIM-H3 northwind/major-incident-manager Sam Okafor <mim@northwind.example>',
      '22:05 ladder:vistula:2:1:0 vistula/p1-on-call On-call engineer <oncall@vistula.example>',
      '05:30 ladder:stratus:2:1:0 stratus/global-support Stratus duty engineer <oncall@stratus.example>',
    ])
    expect(s.escalations.find((e) => e.id.startsWith('pingpong'))!.reason).toBe(
      'ping-pong: second offer from stratus to vistula after a rejection'
    )
  })

  it('shows the accountable stretches the clocks were computed from', async () => {
    const r = await simulate(outage(), '2026-03-09T13:00:00Z')
    const rows = r.data!.simulateIncident.accountability.map(
      (a) => `${a.from} ${a.to} ${a.party.slug} ${a.why}`
    )
    // docs/agreements.md shows this table with the clock figures it produces.
    expect(rows).toEqual([
      '2026-03-06T20:00:00.000Z 2026-03-06T20:35:00.000Z sentinel HOLDING',
      '2026-03-06T20:35:00.000Z 2026-03-06T20:41:00.000Z stratus OVERDUE_OFFER',
      '2026-03-06T20:41:00.000Z 2026-03-06T21:45:00.000Z stratus HOLDING',
      '2026-03-06T21:45:00.000Z 2026-03-06T21:55:00.000Z vistula OVERDUE_OFFER',
      '2026-03-06T21:55:00.000Z 2026-03-06T22:12:00.000Z stratus HOLDING',
      '2026-03-06T22:12:00.000Z 2026-03-07T05:38:00.000Z vistula HOLDING',
      '2026-03-07T05:38:00.000Z 2026-03-07T06:10:00.000Z stratus HOLDING',
    ])
  })
})

describe('simulateIncident limits', () => {
  it(`refuses more than ${SIMULATION_MAX_EVENTS} events, saying the limit and the value, at once`, async () => {
    const events = Array.from({ length: 3_000 }, (_, i) =>
      ev(
        new Date(Date.parse('2026-03-06T20:01:00Z') + i * 60_000).toISOString(),
        'ACKNOWLEDGED',
        'sentinel'
      )
    )
    const started = performance.now()
    const r = await simulate(events, '2026-03-09T13:00:00Z')
    expect(performance.now() - started).toBeLessThan(5_000)
    expect(r.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT')
    expect(r.errors?.[0]?.message).toBe('input.events: 3000 events; a what-if replays at most 300')
  })

  it('refuses an asOf in 2200, saying the horizon and the value', async () => {
    const r = await simulate(outage(), '2200-01-01T00:00:00Z')
    expect(r.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT')
    expect(r.errors?.[0]?.message).toBe(
      'input.asOf: 2200-01-01T00:00:00.000Z is 63487 days after openedAt; a what-if spans at most 366 days'
    )
  })

  it('answers the largest timeline it accepts in full, within the simulation budget', async () => {
    // The offer ping-pong of a long incident, answered and re-offered every few minutes.
    const pingPong = (size: number) => {
      const events = [ev('2026-03-06T20:04:00Z', 'ACKNOWLEDGED', 'sentinel')]
      let t = Date.parse('2026-03-06T20:05:00Z')
      const at = () => new Date((t += 3 * 60_000)).toISOString()
      const pair = [
        ['sentinel', 'stratus'],
        ['stratus', 'sentinel'],
      ] as const
      for (let i = 0; events.length + 2 <= size; i++) {
        const [from, to] = pair[i % 2]!
        events.push(
          ev(at(), 'HANDOFF_OFFERED', from, {
            toPartyId: to,
            reason: 'r',
            reasonCode: 'NEW_EVIDENCE',
          })
        )
        events.push(ev(at(), 'HANDOFF_ACCEPTED', to))
      }
      return { events, asOf: new Date(t + 60_000).toISOString() }
    }
    // Both sizes are answered in full, within the server's simulation budget (SIMULATION_BUDGET_MS:
    // past it the answer is a refusal naming the event it stopped at). The growth is printed, not
    // asserted: timing ratios are not something a test should judge (it was x4.5 to x7.7 for x3
    // the events before the view was advanced event by event, issue 23; x1.6 to x2.6 after, and
    // `bench/workflows/incident-view.bench.ts` prints both paths); the budget is the product's bound.
    const timed = async (size: number) => {
      const { events, asOf } = pingPong(size)
      const started = performance.now()
      const r = await simulate(events, asOf)
      const ms = performance.now() - started
      expect(r.errors).toBeUndefined()
      expect(r.data!.simulateIncident.rejectedEvents).toEqual([])
      return { events: events.length, ms }
    }
    const small = await timed(SIMULATION_MAX_EVENTS / 3)
    const large = await timed(SIMULATION_MAX_EVENTS)
    console.log(
      `simulateIncident: ${small.events} events in ${Math.round(small.ms)} ms, ${large.events} in ${Math.round(large.ms)} ms (x${(large.ms / small.ms).toFixed(1)} for x${(large.events / small.events).toFixed(1)} the events)`
    )
    expect(large.events).toBeGreaterThanOrEqual(SIMULATION_MAX_EVENTS - 1)
  }, 120_000)
})
