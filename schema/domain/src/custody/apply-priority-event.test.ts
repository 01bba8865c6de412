import { describe, expect, it } from 'vitest'
import type { IncidentEvent } from '../events/incident-event.ts'
import { applyIncidentEvent } from './apply-incident-event.ts'
import { deriveCustody } from './derive-custody.ts'
import { opened } from './custody.test-support.ts'

const requested: IncidentEvent = {
  type: 'priority_change_requested',
  at: '2026-03-06T20:05:00Z',
  party: 'vistula',
  priority: 'P4',
  requestId: 'INC-1-P1',
}

describe('priority change requests', () => {
  it('records a pending request without changing the priority', () => {
    const s = deriveCustody([opened, requested])
    expect(s.priority).toBe('P1')
    expect(s.priorityRequests).toEqual([
      {
        id: 'INC-1-P1',
        party: 'vistula',
        priority: 'P4',
        from: 'P1',
        requestedAt: '2026-03-06T20:05:00.000Z',
        state: 'PENDING',
      },
    ])
  })

  it('changes the priority when the retained team accepts the request, once', () => {
    const accept: IncidentEvent = {
      type: 'priority_changed',
      at: '2026-03-06T20:06:00Z',
      party: 'northwind',
      priority: 'P4',
      requestId: 'INC-1-P1',
    }
    const s = deriveCustody([opened, requested, accept])
    expect(s.priority).toBe('P4')
    expect(s.priorityRequests[0]).toMatchObject({
      state: 'ACCEPTED',
      answeredBy: 'northwind',
      answeredAt: '2026-03-06T20:06:00.000Z',
    })
    expect(applyIncidentEvent(s, { ...accept, at: '2026-03-06T20:07:00Z' })).toMatchObject({
      ok: false,
      error: { code: 'REQUEST_ALREADY_ANSWERED' },
    })
  })

  it('keeps the priority when the request is declined, with the reason', () => {
    const s = deriveCustody([
      opened,
      requested,
      {
        type: 'priority_change_declined',
        at: '2026-03-06T20:06:00Z',
        party: 'northwind',
        requestId: 'INC-1-P1',
        reason: 'checkout is down',
      },
    ])
    expect(s.priority).toBe('P1')
    expect(s.priorityRequests[0]).toMatchObject({ state: 'DECLINED', answer: 'checkout is down' })
  })

  it('refuses an answer to an unknown request, or one for another priority', () => {
    const s = deriveCustody([opened, requested])
    expect(
      applyIncidentEvent(s, {
        type: 'priority_change_declined',
        at: '2026-03-06T20:06:00Z',
        party: 'northwind',
        requestId: 'INC-1-P9',
        reason: 'no',
      })
    ).toMatchObject({ ok: false, error: { code: 'REQUEST_NOT_FOUND' } })
    expect(
      applyIncidentEvent(s, {
        type: 'priority_changed',
        at: '2026-03-06T20:06:00Z',
        party: 'northwind',
        priority: 'P3',
        requestId: 'INC-1-P1',
      })
    ).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } })
  })
})
