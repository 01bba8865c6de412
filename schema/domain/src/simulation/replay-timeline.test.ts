import { describe, expect, it } from 'vitest'
import { demoOutageEvents, demoWorld } from '../testing/demo-world.ts'
import { replayTimeline } from './replay-timeline.ts'

const world = demoWorld
// The outage as the parties lived it: Baton itself records the expiry of h2.
const timeline = demoOutageEvents.filter((e) => e.type !== 'handoff_expired')

describe('replayTimeline', () => {
  it('records the expiries a live incident records, at the OLA breach', () => {
    const r = replayTimeline(
      { world, events: timeline, afterBusiness: 'follow-the-sun' },
      new Date('2026-03-07T00:00:00Z')
    )
    // h1's containment OLA (15 minutes) ran out at 20:35, before Stratus accepted at 20:41.
    expect(r.expiries.map((x) => [x.handoffId, x.at])).toEqual([
      ['h1', '2026-03-06T20:35:00.000Z'],
      ['h2', '2026-03-06T21:45:00.000Z'],
    ])
    expect(r.view.custody.handoffs.find((h) => h.id === 'h2')).toMatchObject({
      state: 'REJECTED',
      expiredAt: '2026-03-06T21:45:00.000Z',
    })
    expect(r.rejected).toEqual([])
  })

  it('gives the same clocks as the recorded outage (expiry included)', () => {
    const asOf = new Date('2026-03-07T00:00:00Z')
    const replayed = replayTimeline({ world, events: timeline }, asOf)
    const recorded = replayTimeline(
      { world, events: demoOutageEvents.filter((e) => e.at <= '2026-03-07T00:00:00Z') },
      asOf
    )
    expect(replayed.view.clocks).toEqual(recorded.view.clocks)
    expect(replayed.view.accountability).toEqual(recorded.view.accountability)
  })

  it('pages each escalation once, ping-pong and ladder steps with their desks', () => {
    const r = replayTimeline(
      { world, events: timeline, afterBusiness: 'follow-the-sun' },
      new Date('2026-03-07T07:00:00Z')
    )
    // Step 3 of the first offer (22:00) never fires: Vistula rejected it at 21:55.
    expect(r.escalations.map((e) => [e.key, e.at, e.party, e.desk])).toEqual([
      ['ladder:vistula:1:1:0', '2026-03-06T21:30:00.000Z', 'vistula', 'p1-on-call'],
      ['ladder:vistula:1:2:0', '2026-03-06T21:45:00.000Z', 'vistula', 'p1-on-call'],
      ['pingpong:h3', '2026-03-06T22:05:00.000Z', 'northwind', 'major-incident-manager'],
      ['ladder:vistula:2:1:0', '2026-03-06T22:05:00.000Z', 'vistula', 'p1-on-call'],
    ])
    expect(new Set(r.escalations.map((e) => e.key)).size).toBe(r.escalations.length)
  })

  it('lists the events the state machine refuses and leaves events after asOf out', () => {
    const events = [
      ...timeline.slice(0, 2),
      { type: 'acknowledged' as const, at: '2026-03-06T20:05:00Z', party: 'vistula' },
      ...timeline.slice(2),
    ]
    const r = replayTimeline({ world, events }, new Date('2026-03-06T20:30:00Z'))
    expect(r.rejected.map((x) => [x.index, x.error.code])).toEqual([[2, 'NOT_HOLDER']])
    expect(r.events.map((e) => e.type)).toEqual(['opened', 'acknowledged', 'handoff_offered'])
  })
})
