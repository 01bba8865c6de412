import { describe, expect, it } from 'vitest'
import type { IncidentEvent } from '../events/incident-event.ts'
import { deriveCustody } from '../custody/derive-custody.ts'
import { computeIncidentView } from '../clocks/compute-clocks.ts'
import { demoOutageEvents, demoWorld } from '../testing/demo-world.ts'
import { evaluateDue } from './evaluate-due.ts'
import { formatRecipient } from '../notifications/recipient.ts'

const world = demoWorld
const options = { pingPong: world.pingPong }
// The ping-pong desk's one contact, structured as the notification row stores it.
const MIM = {
  party: 'northwind',
  desk: 'major-incident-manager',
  contact: 'nw-mim',
  name: 'Morgan MIM',
  channel: 'email',
  address: 'nw-mim@example.com',
}

/** The outage's events up to (not including) the first at or after `until`, without the recorded expiry. */
const outageUntil = (until: string) =>
  demoOutageEvents.filter((e) => e.type !== 'handoff_expired' && e.at < until)

const dueAt = (events: readonly IncidentEvent[], at: string) => {
  const now = new Date(at)
  const view = computeIncidentView({ events, world, options }, now)
  return evaluateDue(
    {
      world,
      state: deriveCustody(events, options),
      clocks: view.clocks,
      afterBusiness: 'follow-the-sun',
    },
    now
  )
}

describe('evaluateDue', () => {
  it('lists an offer as expiring when its acceptance OLA runs out unanswered, at the breach, and not a minute before', () => {
    const events = outageUntil('2026-03-06T21:50:00Z')
    expect(dueAt(events, '2026-03-06T21:44:00Z').expiries).toEqual([])
    expect(dueAt(events, '2026-03-06T21:44:00Z').nextAt?.toISOString()).toBe(
      '2026-03-06T21:45:00.000Z'
    )
    expect(dueAt(events, '2026-03-06T21:50:00Z').expiries).toEqual([
      {
        handoffId: 'h2',
        party: 'vistula',
        at: '2026-03-06T21:45:00.000Z',
        clockId: 'handoff-acceptance@1/HANDOFF_ACCEPT/vistula/1',
        reason: 'hand-off h2 to vistula not answered within handoff-acceptance',
      },
    ])
  })

  it('does not expire an offer that is already expired or answered', () => {
    const withExpiry = demoOutageEvents.filter((e) => e.at <= '2026-03-06T21:45:00Z')
    expect(dueAt(withExpiry, '2026-03-06T21:50:00Z').expiries).toEqual([])
    expect(dueAt(outageUntil('2026-03-06T22:00:00Z'), '2026-03-06T22:00:00Z').expiries).toEqual([])
  })

  it('escalates a second offer between the same pair after a rejection to the ping-pong desk, with its recipients', () => {
    const events = outageUntil('2026-03-06T22:06:00Z')
    const pingPong = dueAt(events, '2026-03-06T22:05:00Z').escalations.filter(
      (e) => e.kind === 'ping-pong'
    )
    expect(pingPong).toEqual([
      {
        key: 'pingpong:h3',
        kind: 'ping-pong',
        at: '2026-03-06T22:05:00.000Z',
        reason: 'ping-pong: second offer from stratus to vistula after a rejection',
        step: null,
        repeat: 0,
        party: 'northwind',
        desk: 'major-incident-manager',
        recipients: [MIM],
        handoffId: 'h3',
      },
    ])
    // The ledger's text of the recipient is what it was when recipients travelled as text.
    expect(pingPong[0]!.recipients.map(formatRecipient)).toEqual([
      'Morgan MIM <nw-mim@example.com>',
    ])
    // The first offer between them was not a bounce.
    expect(
      dueAt(outageUntil('2026-03-06T21:31:00Z'), '2026-03-06T21:31:00Z').escalations.some(
        (e) => e.kind === 'ping-pong'
      )
    ).toBe(false)
  })

  it('judges each offer on the hand-offs before it, as the state was when it was offered', () => {
    // After h3 is accepted, h2 (rejected) still came before h3 only: one ping-pong, on h3.
    const keys = dueAt(outageUntil('2026-03-07T06:00:00Z'), '2026-03-07T06:00:00Z')
      .escalations.filter((e) => e.kind === 'ping-pong')
      .map((e) => e.key)
    expect(keys).toEqual(['pingpong:h3'])
  })

  it('gives each ladder step its desk and recipients, and the next step as the next instant', () => {
    const events = outageUntil('2026-03-06T21:31:00Z')
    const due = dueAt(events, '2026-03-06T21:31:00Z')
    expect(due.escalations.map((e) => [e.key, e.at, e.step, e.party, e.desk])).toEqual([
      ['ladder:vistula:1:1:0', '2026-03-06T21:30:00.000Z', 1, 'vistula', 'p1-on-call'],
    ])
    expect(due.escalations[0]!.recipients.length).toBeGreaterThan(0)
    // The next instant is the hand-off clock's first warning (50 % of its 15 minutes).
    expect(due.nextAt?.toISOString()).toBe('2026-03-06T21:37:30.000Z')
    const later = dueAt(events, '2026-03-06T22:01:00Z')
    expect(later.escalations.map((e) => [e.key, e.at, e.desk])).toEqual([
      ['ladder:vistula:1:1:0', '2026-03-06T21:30:00.000Z', 'p1-on-call'],
      ['ladder:vistula:1:2:0', '2026-03-06T21:45:00.000Z', 'p1-on-call'],
      ['ladder:vistula:1:3:0', '2026-03-06T22:00:00.000Z', 'p1-on-call'],
    ])
  })

  it('is retrospective: asked late, it lists what was due earlier with the same instants', () => {
    const events = outageUntil('2026-03-06T21:50:00Z')
    const early = dueAt(events, '2026-03-06T21:46:00Z').escalations
    const late = dueAt(events, '2026-03-06T21:49:00Z').escalations
    expect(late).toEqual(early)
  })

  it('lists the breaches with whom each is attributed to', () => {
    const due = dueAt(outageUntil('2026-03-07T00:01:00Z'), '2026-03-07T00:01:00Z')
    expect(
      due.breaches.map((b) => [b.clockId.split('/')[0], b.metric, b.at, b.attributedTo])
    ).toEqual(
      expect.arrayContaining([
        ['stratus-hosting@1', 'RESPONSE', '2026-03-06T20:35:00.000Z', 'stratus'],
        ['handoff-acceptance@1', 'HANDOFF_ACCEPT', '2026-03-06T21:45:00.000Z', 'vistula'],
        ['checkout-availability@1', 'RESOLUTION', '2026-03-07T00:00:00.000Z', 'vistula'],
      ])
    )
  })

  it('says nothing is due, and nothing next, before the opening', () => {
    expect(evaluateDue({ world, state: deriveCustody([]), clocks: [] }, new Date(0))).toEqual({
      expiries: [],
      escalations: [],
      breaches: [],
      nextAt: null,
    })
  })
})
