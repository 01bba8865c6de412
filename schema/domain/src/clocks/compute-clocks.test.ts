import { describe, expect, it } from 'vitest'
import type { IncidentEvent } from '../events/incident-event.ts'
import { World } from '../world/world.ts'
import { demoWorld } from '../testing/demo-world.ts'
import { computeClocks, computeIncidentView } from './compute-clocks.ts'
import { nextClockDeadline } from './clock-view.ts'

const MIN = 60_000
const find = (clocks: ReturnType<typeof computeClocks>, id: string) =>
  clocks.find((c) => c.id === id)

describe('computeClocks', () => {
  it("treats waiting on another party as a transfer: the holder's clock pauses, the other's runs, the SLA keeps going", () => {
    const events: IncidentEvent[] = [
      {
        type: 'opened',
        at: '2026-03-10T12:00:00Z',
        priority: 'P1',
        holder: 'stratus',
        title: 'x',
        serviceId: 'online-checkout',
      },
      { type: 'acknowledged', at: '2026-03-10T12:05:00Z', party: 'stratus' },
      {
        type: 'waiting',
        at: '2026-03-10T12:30:00Z',
        party: 'stratus',
        on: 'vistula',
        reason: 'needs a patch',
      },
    ]
    const view = computeIncidentView({ events, world: demoWorld }, new Date('2026-03-10T13:30:00Z'))
    expect(view.custody.status).toBe('WAITING')
    expect(find(view.clocks, 'stratus-hosting@1/RESOLUTION/stratus/1')).toMatchObject({
      state: 'PAUSED',
      elapsedMs: 30 * MIN,
      deadline: null,
    })
    expect(find(view.clocks, 'vistula-application@1/RESOLUTION/vistula/1')).toMatchObject({
      state: 'RUNNING',
      elapsedMs: 60 * MIN,
      deadline: '2026-03-10T20:30:00.000Z',
    })
    expect(find(view.clocks, 'checkout-availability@1/RESOLUTION/northwind/1')).toMatchObject({
      state: 'RUNNING',
      elapsedMs: 90 * MIN,
      deadline: '2026-03-10T16:00:00.000Z',
    })
  })

  it('measures a P2 hand-off OLA on the receiving desk: Vistula Warsaw opens Monday 09:00', () => {
    const events: IncidentEvent[] = [
      {
        type: 'opened',
        at: '2026-03-06T20:00:00Z',
        priority: 'P2',
        holder: 'stratus',
        title: 'slow',
        serviceId: 'online-checkout',
      },
      {
        type: 'handoff_offered',
        at: '2026-03-06T20:30:00Z',
        handoffId: 'h1',
        from: 'stratus',
        to: 'vistula',
        reason: 'app',
      },
    ]
    const clocks = computeClocks({ events, world: demoWorld }, new Date('2026-03-07T12:00:00Z'))
    // Friday 21:30 in Warsaw is closed: the clock is live (RUNNING) but accrues nothing until
    // Monday 09:00 CET; one business hour of the engineering desk ends Monday 10:00 CET.
    expect(find(clocks, 'handoff-acceptance@1/HANDOFF_ACCEPT/vistula/1')).toMatchObject({
      state: 'RUNNING',
      elapsedMs: 0,
      calendar: 'vistula/engineering-warsaw',
      deadline: '2026-03-09T09:00:00.000Z',
    })
    const monday = computeClocks({ events, world: demoWorld }, new Date('2026-03-09T08:30:00Z'))
    expect(find(monday, 'handoff-acceptance@1/HANDOFF_ACCEPT/vistula/1')).toMatchObject({
      state: 'RUNNING',
      elapsedMs: 30 * MIN,
      deadline: '2026-03-09T09:00:00.000Z',
    })
  })

  it("runs Bayside's P2 response on follow-the-sun time: Mexico City open on Friday afternoon", () => {
    const events: IncidentEvent[] = [
      {
        type: 'opened',
        at: '2026-03-06T20:30:00Z',
        priority: 'P2',
        holder: 'bayside',
        title: 'store staff cannot log in',
        serviceId: 'online-checkout',
      },
      { type: 'acknowledged', at: '2026-03-06T20:50:00Z', party: 'bayside' },
    ]
    const clocks = computeClocks({ events, world: demoWorld }, new Date('2026-03-06T21:00:00Z'))
    expect(find(clocks, 'bayside-support@1/RESPONSE/bayside/1')).toMatchObject({
      state: 'MET',
      elapsedMs: 20 * MIN,
      calendar: 'bayside/mexico-city+bayside/manila',
    })
    // Resolution: 1 business day (12 h). Mexico City closes 19:00 (01:00Z); Manila opens Monday 07:00 (Sunday 23:00Z).
    const res = find(clocks, 'bayside-support@1/RESOLUTION/bayside/1')
    expect(res).toMatchObject({ state: 'RUNNING', elapsedMs: 30 * MIN })
    // 11 h 30 min left: 4 h more in Mexico City on Friday, then 7 h 30 min from Manila's Monday 07:00.
    expect(res?.deadline).toBe('2026-03-09T06:30:00.000Z')
  })

  it('binds an incident to the agreement version in force when it opened', () => {
    const v2 = {
      ...demoWorld.agreements.find((a) => a.slug === 'stratus-hosting')!,
      version: 2,
      effectiveFrom: '2026-03-07T00:00:00Z',
    }
    v2.targets = v2.targets.map((t) =>
      t.metric === 'RESPONSE' && t.priority.includes('P1') ? { ...t, duration: 'PT30M' } : t
    )
    const world = World.parse({ ...demoWorld, agreements: [...demoWorld.agreements, v2] })
    const at = (iso: string): IncidentEvent[] => [
      {
        type: 'opened',
        at: iso,
        priority: 'P1',
        holder: 'stratus',
        title: 'x',
        serviceId: 'online-checkout',
      },
    ]
    const before = computeClocks(
      { events: at('2026-03-06T23:00:00Z'), world },
      new Date('2026-03-06T23:01:00Z')
    )
    const after = computeClocks(
      { events: at('2026-03-07T01:00:00Z'), world },
      new Date('2026-03-07T01:01:00Z')
    )
    expect(before.find((c) => c.metric === 'RESPONSE')).toMatchObject({
      id: 'stratus-hosting@1/RESPONSE/stratus/1',
      targetMs: 15 * MIN,
    })
    expect(after.find((c) => c.metric === 'RESPONSE')).toMatchObject({
      id: 'stratus-hosting@2/RESPONSE/stratus/1',
      targetMs: 30 * MIN,
    })
  })

  it('cancels the OLA and response cycle of a withdrawn offer', () => {
    const events: IncidentEvent[] = [
      {
        type: 'opened',
        at: '2026-03-06T20:00:00Z',
        priority: 'P1',
        holder: 'stratus',
        title: 'x',
        serviceId: 'online-checkout',
      },
      {
        type: 'handoff_offered',
        at: '2026-03-06T20:10:00Z',
        handoffId: 'h1',
        from: 'stratus',
        to: 'vistula',
        reason: 'app',
      },
      { type: 'handoff_withdrawn', at: '2026-03-06T20:20:00Z', handoffId: 'h1', party: 'stratus' },
    ]
    const clocks = computeClocks({ events, world: demoWorld }, new Date('2026-03-06T21:00:00Z'))
    expect(find(clocks, 'handoff-acceptance@1/HANDOFF_ACCEPT/vistula/1')?.state).toBe('CANCELLED')
    expect(find(clocks, 'vistula-application@1/RESPONSE/vistula/1')?.state).toBe('CANCELLED')
  })

  it('wakes the workflow at the next warning or breach of a running clock', () => {
    const events: IncidentEvent[] = [
      {
        type: 'opened',
        at: '2026-03-06T20:00:00Z',
        priority: 'P1',
        holder: 'sentinel',
        title: 'x',
        serviceId: 'online-checkout',
      },
    ]
    const clocks = computeClocks({ events, world: demoWorld }, new Date('2026-03-06T20:00:00Z'))
    // Sentinel's 10-minute response: 50 % at 20:05.
    expect(nextClockDeadline(clocks)?.toISOString()).toBe('2026-03-06T20:05:00.000Z')
    const later = computeClocks({ events, world: demoWorld }, new Date('2026-03-06T20:09:30Z'))
    expect(nextClockDeadline(later)?.toISOString()).toBe('2026-03-06T20:10:00.000Z')
    expect(nextClockDeadline([])).toBeNull()
  })
})
