import { describe, expect, it } from 'vitest'
import type { IncidentEvent } from '../events/incident-event.ts'
import { retimeEvent } from './retime-event.ts'

const events: IncidentEvent[] = [
  { type: 'opened', at: '2026-03-06T20:00:00.000Z', priority: 'P1', holder: 'stratus', title: 't' },
  { type: 'acknowledged', at: '2026-03-06T20:05:00.000Z', party: 'stratus' },
  { type: 'comment', at: '2026-03-06T20:09:00.000Z', party: 'stratus', body: 'x' },
]
const now = new Date('2026-03-06T21:00:00Z')

describe('retimeEvent: a staff correction of one event time', () => {
  it('moves the event between its neighbours and derives the state again', () => {
    const r = retimeEvent(events, 1, '2026-03-06T20:08:00Z', now)
    expect(r.ok && r.value).toMatchObject({
      oldAt: '2026-03-06T20:05:00.000Z',
      newAt: '2026-03-06T20:08:00.000Z',
    })
    expect(r.ok && r.value.events[1]!.at).toBe('2026-03-06T20:08:00.000Z')
    expect(r.ok && r.value.state.lastEventAt).toBe('2026-03-06T20:09:00.000Z')
  })

  it('refuses a time that would reorder custody, one in the future, and a non-instant', () => {
    expect(retimeEvent(events, 1, '2026-03-06T20:10:00Z', now)).toMatchObject({
      ok: false,
      error: { code: 'BAD_INPUT', message: expect.stringContaining("after the 'comment'") },
    })
    expect(retimeEvent(events, 1, '2026-03-06T19:59:00Z', now)).toMatchObject({
      ok: false,
      error: { message: expect.stringContaining("before the 'opened'") },
    })
    expect(retimeEvent(events, 2, '2026-03-06T22:00:00Z', now)).toMatchObject({
      ok: false,
      error: { message: expect.stringContaining("incident's now") },
    })
    expect(retimeEvent(events, 2, 'yesterday', now)).toMatchObject({
      ok: false,
      error: { code: 'BAD_INPUT' },
    })
  })
})
