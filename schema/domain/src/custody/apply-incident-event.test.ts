import { describe, expect, it } from 'vitest'
import type { IncidentEvent } from '../events/incident-event.ts'
import { applyIncidentEvent } from './apply-incident-event.ts'
import { deriveCustody } from './derive-custody.ts'
import { opened } from './custody.test-support.ts'
import { emptyIncidentState } from './incident-state.ts'
import type { IncidentState } from './incident-state.ts'

const policy = {
  pingPong: { maxHops: 4, escalateTo: 'northwind/major-incident-manager', requireReasonCode: true },
}

function run(events: IncidentEvent[]): IncidentState {
  const c = deriveCustody(events, policy)
  expect(c.rejected).toEqual([])
  return c
}
function reject(events: IncidentEvent[], last: IncidentEvent) {
  const r = applyIncidentEvent(run(events), last, policy)
  if (r.ok) throw new Error('expected a rejection')
  return r.error
}
const offer = (
  id: string,
  at: string,
  from: string,
  to: string,
  extra: Partial<IncidentEvent> = {}
): IncidentEvent =>
  ({
    type: 'handoff_offered',
    at,
    handoffId: id,
    from,
    to,
    reason: 'over to you',
    ...extra,
  }) as IncidentEvent
/** Stratus waits on vistula from 20:10. */
const waitingOnVistula: IncidentEvent = {
  type: 'waiting',
  at: '2026-03-06T20:10:00Z',
  party: 'stratus',
  on: 'vistula',
  reason: 'needs a patch',
}
/** Opened, offered by stratus to vistula at 20:05 (h1), and rejected by vistula at 20:10. */
const offeredAndRejected = (): IncidentEvent[] => [
  opened,
  offer('h1', '2026-03-06T20:05:00Z', 'stratus', 'vistula'),
  {
    type: 'handoff_rejected',
    at: '2026-03-06T20:10:00Z',
    handoffId: 'h1',
    party: 'vistula',
    reason: 'not ours',
  } as IncidentEvent,
]

describe('applyIncidentEvent', () => {
  it('requires opened first', () => {
    const r = applyIncidentEvent(emptyIncidentState(), {
      type: 'acknowledged',
      at: '2026-03-06T20:00:00Z',
      party: 'stratus',
    })
    expect(r).toMatchObject({ ok: false, error: { code: 'INVALID_TRANSITION' } })
  })

  it('rejects an acknowledgement from a party that does not hold the incident', () => {
    expect(
      reject([opened], { type: 'acknowledged', at: '2026-03-06T20:01:00Z', party: 'vistula' })
    ).toMatchObject({ code: 'NOT_HOLDER', message: expect.stringContaining('stratus holds') })
  })

  it('rejects an offer from a party that does not hold the incident', () => {
    expect(reject([opened], offer('h1', '2026-03-06T20:05:00Z', 'vistula', 'sentinel')).code).toBe(
      'NOT_HOLDER'
    )
  })

  it('rejects a second open offer, even after the first expired', () => {
    const events = [
      opened,
      offer('h1', '2026-03-06T20:05:00Z', 'stratus', 'vistula'),
      { type: 'handoff_expired', at: '2026-03-06T20:20:00Z', handoffId: 'h1' } as IncidentEvent,
    ]
    expect(run(events).handoffs[0]?.state).toBe('EXPIRED')
    expect(reject(events, offer('h2', '2026-03-06T20:21:00Z', 'stratus', 'sentinel')).code).toBe(
      'OPEN_OFFER_EXISTS'
    )
  })

  it('lets the receiver accept an expired offer, and only then moves the baton', () => {
    const s = run([
      opened,
      offer('h1', '2026-03-06T20:05:00Z', 'stratus', 'vistula'),
      { type: 'handoff_expired', at: '2026-03-06T20:20:00Z', handoffId: 'h1' },
      { type: 'handoff_accepted', at: '2026-03-06T20:30:00Z', handoffId: 'h1', party: 'vistula' },
    ])
    expect(s.holder).toBe('vistula')
    expect(s.handoffs[0]).toMatchObject({
      state: 'ACCEPTED',
      expiredAt: '2026-03-06T20:20:00.000Z',
      respondedAt: '2026-03-06T20:30:00.000Z',
    })
    expect(
      s.segments.map((g) => `${g.party} ${g.from.slice(11, 16)}-${g.to?.slice(11, 16) ?? ''}`)
    ).toEqual(['stratus 20:00-20:30', 'vistula 20:30-'])
  })

  it('rejects answering a hand-off twice', () => {
    const events = offeredAndRejected()
    expect(
      reject(events, {
        type: 'handoff_accepted',
        at: '2026-03-06T20:11:00Z',
        handoffId: 'h1',
        party: 'vistula',
      })
    ).toMatchObject({ code: 'HANDOFF_ALREADY_ANSWERED' })
  })

  it('rejects an answer from anyone but the receiver, and an unknown hand-off', () => {
    const events = [opened, offer('h1', '2026-03-06T20:05:00Z', 'stratus', 'vistula')]
    expect(
      reject(events, {
        type: 'handoff_accepted',
        at: '2026-03-06T20:11:00Z',
        handoffId: 'h1',
        party: 'sentinel',
      }).code
    ).toBe('NOT_HOLDER')
    expect(
      reject(events, {
        type: 'handoff_accepted',
        at: '2026-03-06T20:11:00Z',
        handoffId: 'nope',
        party: 'vistula',
      }).code
    ).toBe('HANDOFF_NOT_FOUND')
  })

  it('lets only the offering party withdraw an offer', () => {
    const events = [opened, offer('h1', '2026-03-06T20:05:00Z', 'stratus', 'vistula')]
    expect(
      reject(events, {
        type: 'handoff_withdrawn',
        at: '2026-03-06T20:06:00Z',
        handoffId: 'h1',
        party: 'vistula',
      }).code
    ).toBe('NOT_HOLDER')
    const s = run([
      ...events,
      { type: 'handoff_withdrawn', at: '2026-03-06T20:06:00Z', handoffId: 'h1', party: 'stratus' },
    ])
    expect(s.handoffs[0]?.state).toBe('WITHDRAWN')
    expect(s.responseCycles.find((c) => c.handoffId === 'h1')?.outcome).toBe('withdrawn')
  })

  it('refuses to resolve while waiting on another party unless forced', () => {
    const events = [opened, waitingOnVistula]
    expect(run(events).status).toBe('WAITING')
    expect(
      reject(events, {
        type: 'resolved',
        at: '2026-03-06T20:20:00Z',
        party: 'stratus',
        resolution: 'fixed',
      })
    ).toMatchObject({ code: 'WAITING_ON_OTHER_PARTY', message: expect.stringContaining('vistula') })
    const forced = run([
      ...events,
      {
        type: 'resolved',
        at: '2026-03-06T20:20:00Z',
        party: 'stratus',
        resolution: 'fixed',
        force: true,
      },
    ])
    expect(forced.status).toBe('RESOLVED')
  })

  it('records waiting as its own custody segment naming whom it waits on', () => {
    const s = run([
      opened,
      waitingOnVistula,
      { type: 'resumed', at: '2026-03-06T20:40:00Z', party: 'stratus' },
    ])
    expect(s.segments).toEqual([
      {
        party: 'stratus',
        state: 'working',
        from: '2026-03-06T20:00:00.000Z',
        to: '2026-03-06T20:10:00.000Z',
      },
      {
        party: 'stratus',
        state: 'waiting',
        waitingOn: 'vistula',
        reason: 'needs a patch',
        from: '2026-03-06T20:10:00.000Z',
        to: '2026-03-06T20:40:00.000Z',
      },
      { party: 'stratus', state: 'working', from: '2026-03-06T20:40:00.000Z' },
    ])
  })

  it('refuses events out of time order and reopening a closed incident', () => {
    expect(
      reject([opened, { type: 'acknowledged', at: '2026-03-06T20:10:00Z', party: 'stratus' }], {
        type: 'comment',
        at: '2026-03-06T20:05:00Z',
        party: 'stratus',
        body: 'late',
      }).code
    ).toBe('BAD_INPUT')
    const closed = [
      opened,
      { type: 'resolved', at: '2026-03-06T21:00:00Z', party: 'stratus', resolution: 'ok' },
      { type: 'closed', at: '2026-03-06T22:00:00Z', party: 'northwind' },
    ] as IncidentEvent[]
    expect(
      reject(closed, {
        type: 'reopened',
        at: '2026-03-06T23:00:00Z',
        party: 'northwind',
        reason: 'back',
      }).code
    ).toBe('INVALID_TRANSITION')
  })

  it('reopens a resolved incident into a new segment and a new active span', () => {
    const s = run([
      opened,
      { type: 'resolved', at: '2026-03-06T21:00:00Z', party: 'stratus', resolution: 'ok' },
      { type: 'reopened', at: '2026-03-06T22:00:00Z', party: 'northwind', reason: 'recurred' },
    ])
    expect(s.status).toBe('OPEN')
    expect(s.activeSpans).toEqual([
      { from: '2026-03-06T20:00:00.000Z', to: '2026-03-06T21:00:00.000Z' },
      { from: '2026-03-06T22:00:00.000Z' },
    ])
  })

  it('demands a reason code on a second offer between the same parties after a rejection', () => {
    const events = offeredAndRejected()
    expect(reject(events, offer('h2', '2026-03-06T20:15:00Z', 'stratus', 'vistula')).code).toBe(
      'REASON_CODE_REQUIRED'
    )
    expect(
      run([
        ...events,
        offer('h2', '2026-03-06T20:15:00Z', 'stratus', 'vistula', { reasonCode: 'NEW_EVIDENCE' }),
      ]).handoffs
    ).toHaveLength(2)
  })

  it('demands a reason code for the fifth hop', () => {
    const parties = ['stratus', 'vistula', 'sentinel', 'bayside', 'stratus', 'vistula']
    const events: IncidentEvent[] = [opened]
    for (let i = 0; i < 4; i++) {
      const at = `2026-03-06T2${i}:00:00Z`
      events.push(offer(`h${i}`, at, parties[i]!, parties[i + 1]!), {
        type: 'handoff_accepted',
        at: `2026-03-06T2${i}:05:00Z`,
        handoffId: `h${i}`,
        party: parties[i + 1]!,
      })
    }
    expect(
      reject(events, offer('h9', '2026-03-06T23:30:00Z', 'stratus', 'vistula')).message
    ).toContain('more than 4 hops')
  })
})
