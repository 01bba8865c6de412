import { describe, expect, it } from 'vitest'
import { computeIncidentView } from '../clocks/compute-clocks.ts'
import { nextClockDeadline } from '../clocks/clock-view.ts'
import { attributeBreaches } from '../clocks/attribute-breaches.ts'
import { computeCredits } from '../credits/compute-credits.ts'
import { evaluatePingPong, pingPongStats } from '../custody/ping-pong.ts'
import { deriveCustody } from '../custody/derive-custody.ts'
import { evaluateLadder } from '../escalation/evaluate-ladder.ts'
import { demoOutageEvents, demoWorld } from './demo-world.ts'

// docs/scenario.md's Friday outage, from its event list alone, judged after Monday's close.
const MIN = 60_000
const view = computeIncidentView(
  { events: demoOutageEvents, world: demoWorld },
  new Date('2026-03-09T14:00:00Z')
)
const clock = (id: string) => view.clocks.find((c) => c.id === id)
const brief = (id: string) => {
  const c = clock(id)
  return (
    c && {
      state: c.state,
      elapsedMin: c.elapsedMs / MIN,
      remainingMin: c.remainingMs / MIN,
      breachedAt: c.breachedAt,
      attributedTo: c.attributedTo,
      handoffId: c.handoffId,
    }
  )
}

describe('the demo outage (docs/scenario.md)', () => {
  it('accepts every event and ends closed', () => {
    expect(view.custody.rejected).toEqual([])
    expect(view.custody.status).toBe('CLOSED')
  })

  it('records who held the baton when', () => {
    expect(view.custody.segments).toEqual([
      {
        party: 'sentinel',
        desk: 'sentinel/soc-pune',
        state: 'working',
        from: '2026-03-06T20:00:00.000Z',
        to: '2026-03-06T20:41:00.000Z',
      },
      {
        party: 'stratus',
        desk: 'stratus/global-support',
        state: 'working',
        from: '2026-03-06T20:41:00.000Z',
        to: '2026-03-06T22:12:00.000Z',
      },
      {
        party: 'vistula',
        desk: 'vistula/p1-on-call',
        state: 'working',
        from: '2026-03-06T22:12:00.000Z',
        to: '2026-03-07T05:38:00.000Z',
      },
      {
        party: 'stratus',
        desk: 'stratus/global-support',
        state: 'working',
        from: '2026-03-07T05:38:00.000Z',
        to: '2026-03-07T06:10:00.000Z',
      },
    ])
    expect(
      view.custody.handoffs.map((h) => `${h.id} ${h.from}->${h.to} ${h.state} ${h.respondedAt}`)
    ).toEqual([
      'h1 sentinel->stratus ACCEPTED 2026-03-06T20:41:00.000Z',
      'h2 stratus->vistula REJECTED 2026-03-06T21:55:00.000Z',
      'h3 stratus->vistula ACCEPTED 2026-03-06T22:12:00.000Z',
      'h4 vistula->stratus ACCEPTED 2026-03-07T05:38:00.000Z',
    ])
  })

  it('makes an overdue receiver accountable until it answers', () => {
    const t = (ms: number) => (Number.isFinite(ms) ? new Date(ms).toISOString().slice(0, 16) : '∞')
    expect(view.accountability.map((a) => `${a.party} ${t(a.from)}..${t(a.to)} ${a.why}`)).toEqual([
      'sentinel 2026-03-06T20:00..2026-03-06T20:35 holder',
      'stratus 2026-03-06T20:35..2026-03-06T20:41 overdue-offer',
      'stratus 2026-03-06T20:41..2026-03-06T21:45 holder',
      'vistula 2026-03-06T21:45..2026-03-06T21:55 overdue-offer',
      'stratus 2026-03-06T21:55..2026-03-06T22:12 holder',
      'vistula 2026-03-06T22:12..2026-03-07T05:38 holder',
      'stratus 2026-03-07T05:38..2026-03-07T06:10 holder',
    ])
  })

  it.each([
    [
      'sentinel-monitoring@1/RESPONSE/sentinel/1',
      {
        state: 'MET',
        elapsedMin: 4,
        remainingMin: 6,
        breachedAt: null,
        attributedTo: null,
        handoffId: null,
      },
    ],
    [
      'containment@1/HANDOFF_ACCEPT/stratus/1',
      {
        state: 'BREACHED',
        elapsedMin: 21,
        remainingMin: 0,
        breachedAt: '2026-03-06T20:35:00.000Z',
        attributedTo: 'stratus',
        handoffId: 'h1',
      },
    ],
    [
      'stratus-hosting@1/RESPONSE/stratus/1',
      {
        state: 'BREACHED',
        elapsedMin: 21,
        remainingMin: 0,
        breachedAt: '2026-03-06T20:35:00.000Z',
        attributedTo: 'stratus',
        handoffId: 'h1',
      },
    ],
    [
      'handoff-acceptance@1/HANDOFF_ACCEPT/vistula/1',
      {
        state: 'BREACHED',
        elapsedMin: 25,
        remainingMin: 0,
        breachedAt: '2026-03-06T21:45:00.000Z',
        attributedTo: 'vistula',
        handoffId: 'h2',
      },
    ],
    [
      'vistula-application@1/RESPONSE/vistula/1',
      {
        state: 'MET',
        elapsedMin: 25,
        remainingMin: 5,
        breachedAt: null,
        attributedTo: null,
        handoffId: 'h2',
      },
    ],
    [
      'handoff-acceptance@1/HANDOFF_ACCEPT/vistula/2',
      {
        state: 'MET',
        elapsedMin: 7,
        remainingMin: 8,
        breachedAt: null,
        attributedTo: null,
        handoffId: 'h3',
      },
    ],
    [
      'vistula-application@1/RESPONSE/vistula/2',
      {
        state: 'MET',
        elapsedMin: 7,
        remainingMin: 23,
        breachedAt: null,
        attributedTo: null,
        handoffId: 'h3',
      },
    ],
    [
      'checkout-availability@1/RESOLUTION/northwind/1',
      {
        state: 'BREACHED',
        elapsedMin: 610,
        remainingMin: 0,
        breachedAt: '2026-03-07T00:00:00.000Z',
        attributedTo: 'vistula',
        handoffId: null,
      },
    ],
    [
      'vistula-application@1/RESOLUTION/vistula/1',
      {
        state: 'MET',
        elapsedMin: 456,
        remainingMin: 24,
        breachedAt: null,
        attributedTo: null,
        handoffId: null,
      },
    ],
    [
      'handoff-acceptance@1/HANDOFF_ACCEPT/stratus/2',
      {
        state: 'MET',
        elapsedMin: 8,
        remainingMin: 7,
        breachedAt: null,
        attributedTo: null,
        handoffId: 'h4',
      },
    ],
    [
      'stratus-hosting@1/RESPONSE/stratus/2',
      {
        state: 'MET',
        elapsedMin: 8,
        remainingMin: 7,
        breachedAt: null,
        attributedTo: null,
        handoffId: 'h4',
      },
    ],
    [
      'stratus-hosting@1/RESOLUTION/stratus/1',
      {
        state: 'MET',
        elapsedMin: 119,
        remainingMin: 121,
        breachedAt: null,
        attributedTo: null,
        handoffId: null,
      },
    ],
  ])('%s', (id, expected) => {
    expect(brief(id)).toEqual(expected)
  })

  it('derives exactly these twelve clocks', () => {
    expect(view.clocks).toHaveLength(12)
  })

  it('shows the live picture at 16:50 New York time', () => {
    const live = computeIncidentView(
      { events: demoOutageEvents, world: demoWorld },
      new Date('2026-03-06T21:50:00Z')
    )
    const sla = live.clocks.find((c) => c.agreement.kind === 'SLA')
    expect(sla).toMatchObject({
      state: 'RUNNING',
      elapsedMs: 110 * MIN,
      remainingMs: 130 * MIN,
      deadline: '2026-03-07T00:00:00.000Z',
      warningsCrossed: [],
      nextWarningAt: '2026-03-06T22:00:00.000Z',
    })
    const stratusRes = live.clocks.find((c) => c.id === 'stratus-hosting@1/RESOLUTION/stratus/1')
    expect(stratusRes).toMatchObject({ state: 'PAUSED', elapsedMs: 70 * MIN, deadline: null })
    const vistulaRes = live.clocks.find(
      (c) => c.id === 'vistula-application@1/RESOLUTION/vistula/1'
    )
    expect(vistulaRes).toMatchObject({
      state: 'RUNNING',
      elapsedMs: 5 * MIN,
      deadline: '2026-03-07T05:45:00.000Z',
    })
    expect(nextClockDeadline(live.clocks)?.toISOString()).toBe('2026-03-06T21:52:30.000Z')
    expect(sla?.thresholds).toEqual([
      { percent: 50, at: '2026-03-06T22:00:00.000Z' },
      { percent: 75, at: '2026-03-06T23:00:00.000Z' },
      { percent: 90, at: '2026-03-06T23:36:00.000Z' },
    ])
  })

  it('attributes each breach and each party share of the end-to-end budget', () => {
    const a = attributeBreaches(view.clocks, view.accountability, new Date('2026-03-09T14:00:00Z'))
    expect(
      a.breaches.map(
        (b) => `${b.breachedAt.slice(11, 16)} ${b.agreement.slug} ${b.metric} -> ${b.attributedTo}`
      )
    ).toEqual([
      '20:35 stratus-hosting RESPONSE -> stratus',
      '20:35 containment HANDOFF_ACCEPT -> stratus',
      '21:45 handoff-acceptance HANDOFF_ACCEPT -> vistula',
      '00:00 checkout-availability RESOLUTION -> vistula',
    ])
    expect(a.parties.map((p) => [p.party, p.endToEndMs / MIN, p.endToEndPercent])).toEqual([
      ['sentinel', 35, 14.58],
      ['stratus', 119, 49.58],
      ['vistula', 456, 190],
    ])
  })

  it("flags Stratus's 17:05 re-offer to Vistula as ping-pong: page Northwind's major incident manager, require a reason code", () => {
    const before = deriveCustody(demoOutageEvents.slice(0, 7))
    expect(
      evaluatePingPong(before, { from: 'stratus', to: 'vistula' }, demoWorld.pingPong!)
    ).toEqual({
      hops: 1,
      bounceBacks: 1,
      offers: 2,
      triggered: true,
      reasons: ['second offer from stratus to vistula after a rejection'],
      escalateTo: 'northwind/major-incident-manager',
      reasonCodeRequired: true,
    })
    const without = { ...demoOutageEvents[7]!, reasonCode: undefined }
    expect(
      deriveCustody([...demoOutageEvents.slice(0, 7), without], {
        pingPong: demoWorld.pingPong,
      }).rejected.map((r) => r.error.code)
    ).toEqual(['REASON_CODE_REQUIRED'])
  })

  it("pages Vistula's duty manager at 16:45 New York time while the offer is unaccepted", () => {
    const at = new Date('2026-03-06T21:45:00Z')
    const state = deriveCustody(demoOutageEvents.filter((e) => Date.parse(e.at) <= at.getTime()))
    const ladder = evaluateLadder({ world: demoWorld, state, clocks: [] }, at)
    expect(
      ladder.due.map(
        (d) =>
          `${d.at.slice(11, 16)} step ${d.step} ${d.recipients.map((r) => r.contact).join('+')}`
      )
    ).toEqual(['21:30 step 1 vistula-oncall', '21:45 step 2 vistula-duty'])
    expect(ladder.nextWakeAt?.toISOString()).toBe('2026-03-06T22:00:00.000Z')
  })

  it('counts the hops and the bounce-back', () => {
    expect(pingPongStats(view.custody)).toEqual({ hops: 3, bounceBacks: 2, offers: 4 })
  })

  it('charges Stratus USD 2,400 and Vistula USD 6,400 in credits', () => {
    const agreement = (slug: string) => demoWorld.agreements.find((x) => x.slug === slug)!
    const stratus = computeCredits(agreement('stratus-hosting'), view.clocks)
    expect(stratus).toMatchObject({
      party: 'stratus',
      currency: 'USD',
      perBreachTotal: 2400,
      cap: 18000,
      owed: 2400,
      total: 2400,
    })
    expect(stratus?.lines.map((l) => [l.clockId, l.amount])).toEqual([
      ['stratus-hosting@1/RESPONSE/stratus/1', 2400],
    ])
    const vistula = computeCredits(agreement('vistula-application'), view.clocks)
    expect(vistula).toMatchObject({
      party: 'vistula',
      perBreachTotal: 6400,
      cap: 8000,
      owed: 6400,
      total: 6400,
    })
    expect(vistula?.lines.map((l) => [l.clockId, l.amount])).toEqual([
      ['checkout-availability@1/RESOLUTION/northwind/1', 4000],
      ['handoff-acceptance@1/HANDOFF_ACCEPT/vistula/1', 2400],
    ])
  })
})
