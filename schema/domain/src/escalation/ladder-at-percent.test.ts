import { describe, expect, it } from 'vitest'
import type { IncidentEvent } from '../events/incident-event.ts'
import { World } from '../world/world.ts'
import { demoWorld } from '../testing/demo-world.ts'
import { computeIncidentView } from '../clocks/compute-clocks.ts'
import { evaluateLadder } from './evaluate-ladder.ts'

// Stratus's ladder fires at 75 % of its P1 response clock (15 min): 11:15 after the offer.
const world = World.parse({
  ...demoWorld,
  ladders: [
    {
      party: 'stratus',
      priority: ['P1'],
      steps: [
        {
          atPercent: { metric: 'RESPONSE', percent: 75 },
          when: 'unaccepted',
          targets: [{ role: 'on-call' }],
        },
      ],
    },
  ],
})
const events: IncidentEvent[] = [
  {
    type: 'opened',
    at: '2026-03-06T20:00:00Z',
    priority: 'P1',
    holder: 'sentinel',
    title: 'x',
    serviceId: 'online-checkout',
  },
  {
    type: 'handoff_offered',
    at: '2026-03-06T20:20:00Z',
    handoffId: 'h1',
    from: 'sentinel',
    to: 'stratus',
    reason: 'WAF',
  },
]
const ladderAt = (iso: string) => {
  const now = new Date(iso)
  const view = computeIncidentView({ events, world }, now)
  return evaluateLadder({ world, state: view.custody, clocks: view.clocks }, now)
}

describe('ladder steps at a percent of a clock', () => {
  it('waits for the threshold, then fires once at its instant', () => {
    expect(ladderAt('2026-03-06T20:25:00Z')).toMatchObject({
      due: [],
      nextWakeAt: new Date('2026-03-06T20:31:15.000Z'),
    })
    expect(ladderAt('2026-03-06T20:32:00Z').due.map((d) => [d.key, d.at])).toEqual([
      ['ladder:stratus:1:1:0', '2026-03-06T20:31:15.000Z'],
    ])
  })
})
