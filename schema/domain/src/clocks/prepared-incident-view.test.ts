import { describe, expect, it } from 'vitest'
import type { IncidentEvent } from '../events/incident-event.ts'
import { World } from '../world/world.ts'
import { demoWorld } from '../testing/demo-world.ts'
import { agreementsInForce, applicableTargets } from '../agreements/agreements-in-force.ts'
import { computeIncidentView, incidentViewAt, prepareIncidentView } from './compute-clocks.ts'

const at = (hhmm: string) => `2026-03-06T${hhmm}:00Z`
const STORIES: Record<string, IncidentEvent[]> = {
  // an offer nobody answers: the OLA breaches at 20:25 and the receiver becomes accountable
  'an unanswered offer': [
    {
      type: 'opened',
      at: at('20:00'),
      priority: 'P1',
      holder: 'stratus',
      title: 'x',
      serviceId: 'online-checkout',
    },
    { type: 'acknowledged', at: at('20:05'), party: 'stratus' },
    {
      type: 'handoff_offered',
      at: at('20:10'),
      handoffId: 'h1',
      from: 'stratus',
      to: 'vistula',
      reason: 'app',
    },
  ],
  'a wait on another vendor, then resumed': [
    {
      type: 'opened',
      at: at('20:00'),
      priority: 'P2',
      holder: 'vistula',
      title: 'x',
      serviceId: 'online-checkout',
    },
    { type: 'waiting', at: at('20:10'), party: 'vistula', on: 'bayside', reason: 'logs' },
    { type: 'resumed', at: at('21:00'), party: 'vistula' },
  ],
  'a priority change and an accepted offer': [
    {
      type: 'opened',
      at: at('20:00'),
      priority: 'P2',
      holder: 'sentinel',
      title: 'x',
      serviceId: 'online-checkout',
    },
    { type: 'priority_changed', at: at('20:20'), priority: 'P1', party: 'northwind' },
    {
      type: 'handoff_offered',
      at: at('20:30'),
      handoffId: 'h2',
      from: 'sentinel',
      to: 'stratus',
      reason: 'network',
    },
    { type: 'handoff_accepted', at: at('20:40'), handoffId: 'h2', party: 'stratus' },
    { type: 'resolved', at: at('22:00'), party: 'stratus', resolution: 'fixed' },
  ],
  'an event that is not valid': [
    { type: 'opened', at: at('20:00'), priority: 'P3', holder: 'bayside', title: 'x' },
    { type: 'handoff_accepted', at: at('20:05'), handoffId: 'nope', party: 'vistula' },
  ],
}
// Before the opening, inside the story, across the OLA breach, and long after; not in order.
const INSTANTS = [
  '19:59',
  '20:10',
  '20:24',
  '20:26',
  '23:00',
  '20:00',
  '21:30',
  '20:05',
  '20:25',
].map((t) => new Date(at(t)))

describe('a prepared incident view', () => {
  it.each(Object.entries(STORIES))(
    'equals computeIncidentView at every instant, in any order: %s',
    (_, events) => {
      const input = { events, world: demoWorld, options: { warnAt: [] } }
      const prepared = prepareIncidentView(input)
      for (const now of [...INSTANTS, ...INSTANTS])
        expect(incidentViewAt(prepared, now)).toEqual(computeIncidentView(input, now))
    }
  )

  it('makes the receiver of an overdue offer accountable once the OLA breaches, and not before', () => {
    const prepared = prepareIncidentView({
      events: STORIES['an unanswered offer']!,
      world: demoWorld,
    })
    const parties = (hhmm: string) =>
      incidentViewAt(prepared, new Date(at(hhmm))).accountability.map((s) => `${s.party}:${s.why}`)
    expect(parties('20:24')).toEqual(['stratus:holder'])
    expect(parties('20:26')).toEqual(['stratus:holder', 'vistula:overdue-offer'])
    expect(parties('20:24')).toEqual(['stratus:holder'])
  })
})

describe('agreements in force, kept per list', () => {
  const stratus = demoWorld.agreements.find((a) => a.slug === 'stratus-hosting')!
  const v2 = { ...stratus, version: 2, effectiveFrom: '2026-03-07T00:00:00Z' }

  it('changes version at the effectiveFrom instant and answers a copy the caller may change', () => {
    const list = [...demoWorld.agreements, v2]
    const version = (iso: string) =>
      agreementsInForce(list, new Date(iso)).find((a) => a.slug === 'stratus-hosting')?.version
    expect([
      version('2026-03-06T23:59:59.999Z'),
      version('2026-03-07T00:00:00Z'),
      version('2026-02-01T00:00:00Z'),
      version('2025-12-31T23:59:59Z'),
    ]).toEqual([1, 2, 1, undefined])
    agreementsInForce(list, new Date('2026-03-08T00:00:00Z')).length = 0
    expect(version('2026-03-08T00:00:00Z')).toBe(2)
  })

  it('sees a list edited in place', () => {
    const world = World.parse(demoWorld)
    const target = (iso: string) =>
      applicableTargets(world, {
        at: new Date(iso),
        priority: 'P1',
        serviceId: 'online-checkout',
        provider: 'stratus',
        metric: 'RESPONSE',
      }).map((t) => `${t.agreement.version}:${t.targetMs}`)
    expect(target('2026-03-08T00:00:00Z')).toEqual(['1:900000'])
    world.agreements.push({ ...v2, targets: v2.targets.map((t) => ({ ...t, duration: 'PT30M' })) })
    expect(target('2026-03-08T00:00:00Z')).toEqual(['2:1800000'])
    expect(target('2026-03-06T00:00:00Z')).toEqual(['1:900000'])
  })
})
