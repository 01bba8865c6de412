import { describe, expect, it } from 'vitest'
import type { IncidentEvent } from '../events/incident-event.ts'
import { World, type AgreementConfig } from '../world/world.ts'
import { demoWorld } from '../testing/demo-world.ts'
import { computeClocks } from './compute-clocks.ts'

// Start, pause, resume, stop, cancel and reset as data (docs/agreements.md), against the demo
// world: the P1 SLA is 4 h wall-clock, Stratus's P1 UC 15 min response / 4 h resolution.
const MIN = 60_000
type Target = AgreementConfig['targets'][number]
const patchTargets = (slug: string, patch: (t: Target) => Target) =>
  World.parse({
    ...demoWorld,
    agreements: demoWorld.agreements.map((a) =>
      a.slug === slug ? { ...a, targets: a.targets.map(patch) } : a
    ),
  })
const onP1 =
  (metric: Target['metric'], conditions: Target['conditions']) =>
  (t: Target): Target =>
    t.metric === metric && t.priority.includes('P1') ? { ...t, conditions } : t
const clock = (world: World, events: IncidentEvent[], now: string, id: string) =>
  computeClocks({ events, world }, new Date(now)).find((c) => c.id === id)
const figures = (c: ReturnType<typeof clock>) =>
  c && {
    state: c.state,
    elapsed: c.elapsedMs / MIN,
    remaining: c.remainingMs / MIN,
    deadline: c.deadline,
    startedAt: c.startedAt,
    stoppedAt: c.stoppedAt,
  }

const opened = (at: string, priority: 'P1' | 'P2' = 'P1'): IncidentEvent => ({
  type: 'opened',
  at,
  priority,
  holder: 'stratus',
  title: 'checkout down',
  serviceId: 'online-checkout',
})
const SLA = 'checkout-availability@1/RESOLUTION/northwind/1'
const STRATUS_RESOLUTION = 'stratus-hosting@1/RESOLUTION/stratus/1'

describe('pause conditions', () => {
  const world = patchTargets(
    'checkout-availability',
    onP1('RESOLUTION', {
      pause: [{ event: 'waiting', reason: ['awaiting-customer'], on: 'retained' }],
    })
  )
  const waiting = (on: string, reason: string): IncidentEvent[] => [
    opened('2026-03-10T12:00:00Z'),
    { type: 'acknowledged', at: '2026-03-10T12:05:00Z', party: 'stratus' },
    { type: 'waiting', at: '2026-03-10T12:30:00Z', party: 'stratus', on, reason },
    { type: 'resumed', at: '2026-03-10T13:30:00Z', party: 'stratus' },
  ]
  it.each([
    [
      'waiting on the customer for the named reason pauses the SLA',
      'northwind',
      'awaiting-customer',
      '2026-03-10T13:00:00Z',
      { state: 'PAUSED', elapsed: 30, remaining: 210, deadline: null },
    ],
    [
      'the SLA runs again from the resume',
      'northwind',
      'awaiting-customer',
      '2026-03-10T14:00:00Z',
      { state: 'RUNNING', elapsed: 60, remaining: 180, deadline: '2026-03-10T17:00:00.000Z' },
    ],
    [
      'another reason does not pause it',
      'northwind',
      'change-window',
      '2026-03-10T14:00:00Z',
      { state: 'RUNNING', elapsed: 120, remaining: 120, deadline: '2026-03-10T16:00:00.000Z' },
    ],
    [
      'the reason waiting on a vendor does not pause it',
      'vistula',
      'awaiting-customer',
      '2026-03-10T14:00:00Z',
      { state: 'RUNNING', elapsed: 120, remaining: 120, deadline: '2026-03-10T16:00:00.000Z' },
    ],
  ])('%s', (_name, on, reason, now, expected) => {
    expect(figures(clock(world, waiting(on, reason), now, SLA))).toMatchObject(expected)
  })
  it("leaves every other clock as it was: Stratus's resolution clock pauses only by the transfer", () => {
    const events = waiting('northwind', 'awaiting-customer')
    const now = '2026-03-10T14:00:00Z'
    const others = (w: World) =>
      computeClocks({ events, world: w }, new Date(now)).filter((c) => c.id !== SLA)
    expect(others(world)).toEqual(others(demoWorld))
    expect(figures(clock(world, events, now, STRATUS_RESOLUTION))).toMatchObject({
      state: 'RUNNING',
      elapsed: 60,
      remaining: 180,
    })
  })
})

describe('cancel conditions and retroactive start', () => {
  const events: IncidentEvent[] = [
    opened('2026-03-10T12:00:00Z'),
    { type: 'acknowledged', at: '2026-03-10T12:05:00Z', party: 'stratus' },
    { type: 'priority_changed', at: '2026-03-10T13:00:00Z', party: 'northwind', priority: 'P2' },
  ]
  const cancelP1 = onP1('RESOLUTION', { cancel: [{ event: 'priority_changed' }] })
  it('cancels the P1 clock at the priority change and runs the P2 target from the opening (retroactive, the default)', () => {
    const world = patchTargets('stratus-hosting', cancelP1)
    expect(
      figures(clock(world, events, '2026-03-10T14:00:00Z', `${STRATUS_RESOLUTION}/P1`))
    ).toEqual({
      state: 'CANCELLED',
      elapsed: 60,
      remaining: 180,
      deadline: null,
      startedAt: '2026-03-10T12:00:00.000Z',
      stoppedAt: '2026-03-10T13:00:00.000Z',
    })
    expect(clock(world, events, '2026-03-10T14:00:00Z', `${STRATUS_RESOLUTION}/P1`)?.priority).toBe(
      'P1'
    )
    expect(figures(clock(world, events, '2026-03-10T14:00:00Z', STRATUS_RESOLUTION))).toMatchObject(
      { state: 'RUNNING', elapsed: 120, remaining: 360, deadline: '2026-03-10T20:00:00.000Z' }
    )
  })
  it('starts the P2 target at the change when it is not retroactive', () => {
    const world = patchTargets('stratus-hosting', (t) =>
      t.metric === 'RESOLUTION' && t.priority.includes('P2')
        ? { ...t, conditions: { retroactive: false } }
        : cancelP1(t)
    )
    expect(figures(clock(world, events, '2026-03-10T14:00:00Z', STRATUS_RESOLUTION))).toMatchObject(
      {
        state: 'RUNNING',
        elapsed: 60,
        remaining: 420,
        deadline: '2026-03-10T21:00:00.000Z',
        startedAt: '2026-03-10T13:00:00.000Z',
      }
    )
  })
  it("cancels Stratus's resolution when the incident is re-assigned to another party, and not on a re-assignment to Stratus", () => {
    const world = patchTargets(
      'stratus-hosting',
      onP1('RESOLUTION', { cancel: [{ event: 'assigned', to: 'other' }] })
    )
    const reassigned = (to: string): IncidentEvent[] => [
      opened('2026-03-10T12:00:00Z'),
      { type: 'assigned', at: '2026-03-10T12:45:00Z', party: to },
    ]
    expect(
      figures(clock(world, reassigned('vistula'), '2026-03-10T14:00:00Z', STRATUS_RESOLUTION))
    ).toMatchObject({ state: 'CANCELLED', elapsed: 45, stoppedAt: '2026-03-10T12:45:00.000Z' })
    expect(
      figures(clock(world, reassigned('stratus'), '2026-03-10T14:00:00Z', STRATUS_RESOLUTION))
    ).toMatchObject({ state: 'RUNNING', elapsed: 120, stoppedAt: null })
  })
  it('keeps no P1 clock without a cancel condition: the current priority applies from the opening', () => {
    const ids = computeClocks({ events, world: demoWorld }, new Date('2026-03-10T14:00:00Z')).map(
      (c) => c.id
    )
    expect(ids.filter((id) => id.endsWith('/P1'))).toEqual([])
    expect(
      figures(clock(demoWorld, events, '2026-03-10T14:00:00Z', STRATUS_RESOLUTION))
    ).toMatchObject({ state: 'RUNNING', elapsed: 120 })
  })
})

describe('reset conditions', () => {
  const events: IncidentEvent[] = [
    opened('2026-03-10T12:00:00Z'),
    { type: 'acknowledged', at: '2026-03-10T12:05:00Z', party: 'stratus' },
    { type: 'resolved', at: '2026-03-10T13:00:00Z', party: 'stratus', resolution: 'restarted' },
    { type: 'reopened', at: '2026-03-10T14:00:00Z', party: 'northwind', reason: 'back again' },
  ]
  it.each([
    [
      'without one, a reopened incident carries its elapsed time on',
      demoWorld,
      {
        state: 'RUNNING',
        elapsed: 90,
        remaining: 150,
        deadline: '2026-03-10T17:00:00.000Z',
        startedAt: '2026-03-10T12:00:00.000Z',
      },
    ],
    [
      'reset on reopen restarts elapsed at zero',
      patchTargets('checkout-availability', onP1('RESOLUTION', { reset: [{ event: 'reopened' }] })),
      {
        state: 'RUNNING',
        elapsed: 30,
        remaining: 210,
        deadline: '2026-03-10T18:00:00.000Z',
        startedAt: '2026-03-10T14:00:00.000Z',
      },
    ],
  ])('%s', (_name, world, expected) => {
    const sla = computeClocks({ events, world }, new Date('2026-03-10T14:30:00Z')).find(
      (c) => c.metric === 'RESOLUTION' && c.party === 'northwind'
    )
    expect(figures(sla)).toMatchObject(expected)
  })
  it('gives the started-over clock its own id, so its warnings and breach are marked afresh', () => {
    const world = patchTargets(
      'checkout-availability',
      onP1('RESOLUTION', { reset: [{ event: 'reopened' }] })
    )
    expect(clock(world, events, '2026-03-10T13:30:00Z', SLA)?.state).toBe('MET')
    expect(clock(world, events, '2026-03-10T14:30:00Z', `${SLA}/reset1`)?.state).toBe('RUNNING')
  })
  it('forgets a breach from before the reset', () => {
    const late = events.map((e) =>
      e.type === 'resolved'
        ? { ...e, at: '2026-03-10T16:30:00Z' }
        : e.type === 'reopened'
          ? { ...e, at: '2026-03-10T17:00:00Z' }
          : e
    )
    const world = patchTargets(
      'checkout-availability',
      onP1('RESOLUTION', { reset: [{ event: 'reopened' }] })
    )
    expect(clock(demoWorld, late, '2026-03-10T17:30:00Z', SLA)).toMatchObject({
      state: 'BREACHED',
      breachedAt: '2026-03-10T16:00:00.000Z',
    })
    expect(clock(world, late, '2026-03-10T17:30:00Z', `${SLA}/reset1`)).toMatchObject({
      state: 'RUNNING',
      breachedAt: null,
      elapsedMs: 30 * MIN,
    })
  })
})

describe('stop conditions', () => {
  const resolved: IncidentEvent[] = [
    opened('2026-03-10T12:00:00Z'),
    { type: 'acknowledged', at: '2026-03-10T12:05:00Z', party: 'stratus' },
    { type: 'resolved', at: '2026-03-10T13:00:00Z', party: 'stratus', resolution: 'restarted' },
  ]
  const closed: IncidentEvent[] = [
    ...resolved,
    { type: 'closed', at: '2026-03-10T15:00:00Z', party: 'northwind' },
  ]
  it.each([
    [
      'stop on resolved (the built-in stop, spelled out)',
      { stop: [{ event: 'resolved' as const }] },
      resolved,
      '2026-03-10T14:00:00Z',
      {
        state: 'MET',
        elapsed: 60,
        remaining: 180,
        deadline: null,
        stoppedAt: '2026-03-10T13:00:00.000Z',
      },
    ],
    [
      'pause on resolved, stop on closed: paused while resolved',
      { pause: [{ event: 'resolved' as const }], stop: [{ event: 'closed' as const }] },
      resolved,
      '2026-03-10T14:00:00Z',
      { state: 'PAUSED', elapsed: 60, remaining: 180, deadline: null, stoppedAt: null },
    ],
    [
      'pause on resolved, stop on closed: met at the close',
      { pause: [{ event: 'resolved' as const }], stop: [{ event: 'closed' as const }] },
      closed,
      '2026-03-10T16:00:00Z',
      {
        state: 'MET',
        elapsed: 60,
        remaining: 180,
        deadline: null,
        stoppedAt: '2026-03-10T15:00:00.000Z',
      },
    ],
  ])('%s', (_name, conditions, events, now, expected) => {
    expect(
      figures(
        clock(
          patchTargets('checkout-availability', onP1('RESOLUTION', conditions)),
          events,
          now,
          SLA
        )
      )
    ).toMatchObject(expected)
  })
  it("meets an offered party's response when the incident is resolved under it, instead of cancelling it", () => {
    const events: IncidentEvent[] = [
      opened('2026-03-10T12:00:00Z'),
      { type: 'acknowledged', at: '2026-03-10T12:02:00Z', party: 'stratus' },
      {
        type: 'handoff_offered',
        at: '2026-03-10T12:10:00Z',
        handoffId: 'h1',
        from: 'stratus',
        to: 'vistula',
        reason: 'app defect',
      },
      {
        type: 'resolved',
        at: '2026-03-10T12:20:00Z',
        party: 'stratus',
        resolution: 'cache flushed',
        force: true,
      },
    ]
    const id = 'vistula-application@1/RESPONSE/vistula/1'
    const stopOnResolved = patchTargets(
      'vistula-application',
      onP1('RESPONSE', {
        stop: [
          { event: ['handoff_accepted', 'handoff_rejected'], by: 'self' },
          { event: 'resolved' },
        ],
      })
    )
    expect(figures(clock(demoWorld, events, '2026-03-10T13:00:00Z', id))).toMatchObject({
      state: 'CANCELLED',
      elapsed: 10,
    })
    expect(figures(clock(stopOnResolved, events, '2026-03-10T13:00:00Z', id))).toMatchObject({
      state: 'MET',
      elapsed: 10,
      remaining: 20,
      stoppedAt: '2026-03-10T12:20:00.000Z',
    })
  })
})

describe('start conditions', () => {
  const world = patchTargets(
    'stratus-hosting',
    onP1('RESOLUTION', { start: [{ event: 'acknowledged', by: 'self' }] })
  )
  const events: IncidentEvent[] = [
    opened('2026-03-10T12:00:00Z'),
    { type: 'acknowledged', at: '2026-03-10T12:20:00Z', party: 'stratus' },
  ]
  it.each([
    [
      'not started (and not shown) before the acknowledgement',
      '2026-03-10T12:10:00Z',
      world,
      undefined,
    ],
    [
      'measured from the acknowledgement',
      '2026-03-10T13:00:00Z',
      world,
      {
        state: 'RUNNING',
        elapsed: 40,
        remaining: 200,
        deadline: '2026-03-10T16:20:00.000Z',
        startedAt: '2026-03-10T12:20:00.000Z',
        stoppedAt: null,
      },
    ],
    [
      'by default, from the opening',
      '2026-03-10T13:00:00Z',
      demoWorld,
      {
        state: 'RUNNING',
        elapsed: 60,
        remaining: 180,
        deadline: '2026-03-10T16:00:00.000Z',
        startedAt: '2026-03-10T12:00:00.000Z',
        stoppedAt: null,
      },
    ],
  ])('start on acknowledged: %s', (_name, now, w, expected) => {
    expect(figures(clock(w, events, now, STRATUS_RESOLUTION))).toEqual(expected)
  })
  it('ignores an event the state machine rejected', () => {
    const byOther: IncidentEvent[] = [
      opened('2026-03-10T12:00:00Z'),
      { type: 'acknowledged', at: '2026-03-10T12:20:00Z', party: 'vistula' },
    ]
    const w = patchTargets(
      'stratus-hosting',
      onP1('RESOLUTION', { start: [{ event: 'acknowledged' }] })
    )
    expect(clock(w, byOther, '2026-03-10T13:00:00Z', STRATUS_RESOLUTION)).toBeUndefined()
  })
})

describe('the world schema', () => {
  it('accepts conditions on agreements and targets, and keeps them absent when not given', () => {
    const parsed = World.parse({
      ...demoWorld,
      agreements: [{ ...demoWorld.agreements[0], conditions: { reset: [{ event: 'reopened' }] } }],
    })
    expect(parsed.agreements[0]?.conditions).toEqual({ reset: [{ event: 'reopened' }] })
    expect(
      demoWorld.agreements.every(
        (a) => a.conditions === undefined && a.targets.every((t) => t.conditions === undefined)
      )
    ).toBe(true)
  })
  it('rejects an unknown event type or party role, naming the path', () => {
    const bad = (conditions: unknown) =>
      World.safeParse({ agreements: [{ ...demoWorld.agreements[0], conditions }] })
    expect(bad({ pause: [{ event: 'on_hold' }] }).error?.issues[0]?.path).toEqual([
      'agreements',
      0,
      'conditions',
      'pause',
      0,
      'event',
    ])
    expect(bad({ stop: [{ event: 'resolved', by: 'someone' }] }).error?.issues[0]?.path).toEqual([
      'agreements',
      0,
      'conditions',
      'stop',
      0,
      'by',
    ])
  })
})

describe('retroactive start', () => {
  // Declared at 12:40 with openedAt 12:00 (DeclareIncidentInput.openedAt): the clocks are
  // measured from 12:00, so Stratus's 15-minute response is already breached, at 12:15.
  const events: IncidentEvent[] = [
    opened('2026-03-10T12:00:00Z'),
    { type: 'acknowledged', at: '2026-03-10T12:40:00Z', party: 'stratus' },
  ]
  it('measures from the instant the incident opened, not from when it was recorded', () => {
    expect(
      clock(demoWorld, events, '2026-03-10T12:40:00Z', 'stratus-hosting@1/RESPONSE/stratus/1')
    ).toMatchObject({
      state: 'BREACHED',
      breachedAt: '2026-03-10T12:15:00.000Z',
      elapsedMs: 40 * MIN,
      attributedTo: 'stratus',
    })
    expect(figures(clock(demoWorld, events, '2026-03-10T12:40:00Z', SLA))).toMatchObject({
      state: 'RUNNING',
      elapsed: 40,
      startedAt: '2026-03-10T12:00:00.000Z',
    })
  })
  it('binds the agreement version in force at the opening instant', () => {
    const v2 = {
      ...demoWorld.agreements.find((a) => a.slug === 'stratus-hosting')!,
      version: 2,
      effectiveFrom: '2026-03-10T12:30:00Z',
    }
    const world = World.parse({ ...demoWorld, agreements: [...demoWorld.agreements, v2] })
    expect(
      computeClocks({ events, world }, new Date('2026-03-10T12:40:00Z'))
        .filter((c) => c.agreement.slug === 'stratus-hosting')
        .map((c) => c.agreement.version)
    ).toEqual([1, 1])
  })
})
