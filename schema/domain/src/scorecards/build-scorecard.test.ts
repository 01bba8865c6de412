import { describe, expect, it } from 'vitest'
import { demoOutageEvents, demoWorld } from '../testing/demo-world.ts'
import { demoMarchCredits, NO_INTAKE, settledDemoIncident } from '../testing/demo-scorecard.ts'
import type { IncidentEvent } from '../events/incident-event.ts'
import { buildScorecard } from './build-scorecard.ts'

const MIN = 60_000
const march = { from: '2026-03-01T00:00:00Z', to: '2026-04-01T00:00:00Z' }
const outage = settledDemoIncident('INC-1', demoOutageEvents)
const scorecard = (party: string, incidents = [outage]) =>
  buildScorecard({
    party,
    ...march,
    world: demoWorld,
    incidents,
    credits: demoMarchCredits(party, incidents),
    integration: NO_INTAKE,
  })

describe('scorecards of the demo outage', () => {
  it('Stratus: 2 breaches attributed, USD 2,400, MTTA 14.5 min and MTTR 119 min on its 24x7 desk', () => {
    const s = scorecard('stratus')
    expect(s.breachesAttributed.map((b) => `${b.agreement} ${b.metric}`)).toEqual([
      'containment@1 HANDOFF_ACCEPT',
      'stratus-hosting@1 RESPONSE',
    ])
    expect(s.credits).toMatchObject({ currency: 'USD', accrued: 2400, earnedBack: 0, total: 2400 })
    expect(s.mtta).toEqual({ count: 2, meanMs: 14.5 * MIN })
    expect(s.mttr).toEqual({ count: 1, meanMs: 119 * MIN })
    expect(s.attainment).toEqual({
      SLA: { met: 0, breached: 0, percent: null },
      UC: { met: 2, breached: 1, percent: 66.67 },
      OLA: { met: 1, breached: 1, percent: 50 },
    })
    expect(s.handoffs).toEqual({
      offered: 2,
      received: 2,
      accepted: 2,
      rejected: 0,
      overdue: 1,
      bounceBacks: 0,
      meanTimeToAcceptMs: 14.5 * MIN,
    })
    expect([s.reopenRate, s.firstTimeFixRate]).toEqual([0, 0])
    expect(s.timeHeld).toEqual({ totalMs: 123 * MIN, workingMs: 123 * MIN, waiting: [] })
  })

  it('Vistula: the hand-off OLA and the end-to-end SLA breach, USD 6,400, two bounce-backs', () => {
    const s = scorecard('vistula')
    expect(s.breachesAttributed.map((b) => `${b.agreement} ${b.metric}`)).toEqual([
      'handoff-acceptance@1 HANDOFF_ACCEPT',
      'checkout-availability@1 RESOLUTION',
    ])
    expect(s.credits.total).toBe(6400)
    expect(s.mtta).toEqual({ count: 2, meanMs: 16 * MIN })
    expect(s.mttr).toEqual({ count: 1, meanMs: 456 * MIN })
    expect(s.handoffs).toMatchObject({
      offered: 1,
      received: 2,
      accepted: 1,
      rejected: 1,
      overdue: 1,
      bounceBacks: 2,
      meanTimeToAcceptMs: 7 * MIN,
    })
  })

  it('Northwind, the retained organisation, owns the breached end-to-end SLA', () => {
    const s = scorecard('northwind')
    expect(s.attainment.SLA).toEqual({ met: 0, breached: 1, percent: 0 })
    expect(s.mttr).toEqual({ count: 1, meanMs: 610 * MIN })
    expect(s.breachesAttributed).toEqual([])
  })

  it('measures MTTA in business time of the desk and splits time held by waiting reason', () => {
    // A P3 for Sentinel's analysts (Pune, Mon-Fri 09:00-18:00): offered Friday 17:30 IST, acknowledged Monday 09:30 IST.
    const events: IncidentEvent[] = [
      {
        type: 'opened',
        at: '2026-03-13T12:00:00Z',
        priority: 'P3',
        holder: 'sentinel',
        desk: 'sentinel/analysts-pune',
        title: 'Odd logins',
      },
      { type: 'acknowledged', at: '2026-03-16T04:00:00Z', party: 'sentinel' },
      {
        type: 'waiting',
        at: '2026-03-16T05:00:00Z',
        party: 'sentinel',
        on: 'stratus',
        reason: 'logs requested',
      },
      { type: 'resumed', at: '2026-03-16T07:00:00Z', party: 'sentinel' },
      {
        type: 'resolved',
        at: '2026-03-16T08:00:00Z',
        party: 'sentinel',
        resolution: 'false positive',
      },
      { type: 'closed', at: '2026-03-16T09:00:00Z', party: 'northwind' },
    ]
    const s = scorecard('sentinel', [settledDemoIncident('INC-9', events)])
    expect(s.mtta).toEqual({ count: 1, meanMs: 60 * MIN }) // 17:30-18:00 Friday + 09:00-09:30 Monday
    expect(s.timeHeld).toEqual({
      totalMs: 68 * 60 * MIN,
      workingMs: 66 * 60 * MIN,
      waiting: [{ reason: 'logs requested', ms: 120 * MIN, share: 2.94 }],
    })
    expect(s.firstTimeFixRate).toBe(100)
    expect(s.calendar).toBe('sentinel/analysts-pune')
  })
})
