import { describe, expect, it } from 'vitest'
import type { IncidentEvent } from '../events/incident-event.ts'
import { World } from '../world/world.ts'
import { demoWorld } from '../testing/demo-world.ts'
import { deriveCustody } from '../custody/derive-custody.ts'
import { evaluateLadder, type AfterBusinessMode } from './evaluate-ladder.ts'
import { escalationPreview } from './escalation-preview.ts'

// Bayside hands over from Mexico City (07:00-19:00 CST = 13:00-01:00Z) to Manila (07:00-19:00
// PHT = 23:00-11:00Z). Asked at 16:30 in Mexico City on Tuesday, with Manila still closed, a
// step three business hours later falls after Mexico City closes: on Manila's shift.
const world = World.parse({
  ...demoWorld,
  ladders: [
    {
      party: 'bayside',
      priority: ['P2'],
      steps: [
        { afterBusiness: 'PT0S', targets: [{ role: 'on-call' }] },
        { afterBusiness: 'PT3H', when: 'unacknowledged', targets: [{ role: 'on-call' }] },
      ],
    },
  ],
})
const start = '2026-03-10T22:30:00Z'
const events: IncidentEvent[] = [
  {
    type: 'opened',
    at: start,
    priority: 'P2',
    holder: 'bayside',
    title: 'store tills offline',
    serviceId: 'online-checkout',
  },
]
const ladderAt = (now: string, afterBusiness?: AfterBusinessMode) => {
  const r = evaluateLadder(
    {
      world,
      state: deriveCustody(events),
      clocks: [],
      ...(afterBusiness ? { afterBusiness } : {}),
    },
    new Date(now)
  )
  return {
    due: r.due.map(
      (d) =>
        `${d.at} step ${d.step} -> ${d.recipients.map((x) => `${x.desk}/${x.contact}`).join('+')}`
    ),
    nextWakeAt: r.nextWakeAt?.toISOString() ?? null,
  }
}

describe('afterBusiness ladder steps across a follow-the-sun hand-over', () => {
  it("follow-the-sun: counts the party's business time and pages the desk open when the step fires (Manila)", () => {
    expect(ladderAt('2026-03-11T01:29:59Z', 'follow-the-sun')).toEqual({
      due: ['2026-03-10T22:30:00.000Z step 1 -> mexico-city/bayside-mx'],
      nextWakeAt: '2026-03-11T01:30:00.000Z',
    })
    expect(ladderAt('2026-03-11T01:30:00Z', 'follow-the-sun').due).toEqual([
      '2026-03-10T22:30:00.000Z step 1 -> mexico-city/bayside-mx',
      '2026-03-11T01:30:00.000Z step 2 -> manila/bayside-ph',
    ])
  })
  it("cycle-desk (the default, as running workflows were built): waits for Mexico City's next shift", () => {
    expect(ladderAt('2026-03-11T02:00:00Z')).toEqual({
      due: ['2026-03-10T22:30:00.000Z step 1 -> mexico-city/bayside-mx'],
      nextWakeAt: '2026-03-11T13:30:00.000Z',
    })
    expect(ladderAt('2026-03-11T02:00:00Z', 'cycle-desk')).toEqual(ladderAt('2026-03-11T02:00:00Z'))
  })
  it.each<[AfterBusinessMode, string[]]>([
    [
      'follow-the-sun',
      [
        '2026-03-10T22:30:00.000Z 1 mexico-city bayside-mx@Tue 10 Mar 16:30 CST',
        '2026-03-11T01:30:00.000Z 2 manila bayside-ph@Wed 11 Mar 09:30 GMT+8',
      ],
    ],
    [
      'cycle-desk',
      [
        '2026-03-10T22:30:00.000Z 1 mexico-city bayside-mx@Tue 10 Mar 16:30 CST',
        '2026-03-11T13:30:00.000Z 2 mexico-city bayside-mx@Wed 11 Mar 07:30 CST',
      ],
    ],
  ])('escalationPreview plans what evaluateLadder fires (%s)', (mode, expected) => {
    const plan = escalationPreview(world, 'bayside', 'P2', new Date(start), { afterBusiness: mode })
    expect(
      plan.map(
        (p) =>
          `${p.at} ${p.step} ${p.desk} ${p.recipients.map((r) => `${r.contact}@${r.localTime}`).join(', ')}`
      )
    ).toEqual(expected)
    // Never answered, the ladder fires exactly the plan: same instants, steps and recipients.
    const fired = evaluateLadder(
      { world, state: deriveCustody(events), clocks: [], afterBusiness: mode },
      new Date('2026-03-12T00:00:00Z')
    ).due
    expect(
      fired.map((d) => [d.at, d.step, d.recipients.map((r) => `${r.desk}/${r.contact}`)])
    ).toEqual(plan.map((p) => [p.at, p.step, p.recipients.map((r) => `${p.desk}/${r.contact}`)]))
  })
})
