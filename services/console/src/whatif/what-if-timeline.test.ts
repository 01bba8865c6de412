import { describe, expect, it } from 'vitest'
import {
  draftFromIncident,
  fromLocalInput,
  simulateInput,
  toLocalInput,
} from './what-if-timeline.ts'

const ids = new Map([
  ['sentinel', 'id-sen'],
  ['stratus', 'id-str'],
  ['vistula', 'id-vis'],
  ['northwind', 'id-nw'],
])
const entry = (at: string, type: string, data: Record<string, unknown>) => ({
  at,
  type,
  data: JSON.stringify({ type, at, ...data }),
})
// The head of docs/scenario.md's P1 as its ledger records it.
const incident = {
  priority: 'P1' as const,
  openedAt: '2026-03-06T20:00:00.000Z',
  closedAt: '2026-03-09T13:00:00.000Z',
  holder: { id: 'id-sen' },
  service: { id: 'svc' },
  timeline: {
    nodes: [
      entry('2026-03-06T20:00:00.000Z', 'opened', { holder: 'sentinel', priority: 'P1' }),
      entry('2026-03-06T20:04:00.000Z', 'acknowledged', { party: 'sentinel' }),
      entry('2026-03-06T21:30:00.000Z', 'handoff_offered', {
        handoffId: 'h2',
        from: 'stratus',
        to: 'vistula',
        reason: 'defect',
      }),
      entry('2026-03-06T21:45:00.000Z', 'handoff_expired', { handoffId: 'h2' }),
      entry('2026-03-06T21:50:00.000Z', 'comment', { body: 'paging Vistula' }),
      entry('2026-03-06T21:55:00.000Z', 'handoff_rejected', {
        handoffId: 'h2',
        party: 'vistula',
        reason: 'WAF misconfiguration',
      }),
      entry('2026-03-06T22:05:00.000Z', 'handoff_offered', {
        from: 'stratus',
        to: 'vistula',
        reason: 'evidence',
        reasonCode: 'NEW_EVIDENCE',
      }),
      entry('2026-03-06T23:00:00.000Z', 'waiting', {
        party: 'vistula',
        on: 'stratus',
        reason: 'logs',
      }),
      entry('2026-03-07T06:10:00.000Z', 'resolved', { party: 'stratus', resolution: 'fixed' }),
    ],
  },
}

describe('a what-if from a real incident', () => {
  it("keeps the facts a what-if replays, with parties' ids, and is judged at the close", () => {
    const d = draftFromIncident(incident, ids, Date.parse('2026-12-03T00:00:00Z'))
    expect(d).toMatchObject({
      priority: 'P1',
      holderPartyId: 'id-sen',
      serviceId: 'svc',
      openedAt: Date.parse('2026-03-06T20:00:00Z'),
      asOf: Date.parse('2026-03-09T13:00:00Z'),
    })
    // Expiries are Baton's own (the simulator records them again), comments change no clock.
    expect(
      d.events.map((e) => [e.type, e.partyId, e.toPartyId, e.onPartyId, e.reason, e.reasonCode])
    ).toEqual([
      ['ACKNOWLEDGED', 'id-sen', null, null, '', ''],
      ['HANDOFF_OFFERED', 'id-str', 'id-vis', null, 'defect', ''],
      ['HANDOFF_REJECTED', 'id-vis', null, null, 'WAF misconfiguration', ''],
      ['HANDOFF_OFFERED', 'id-str', 'id-vis', null, 'evidence', 'NEW_EVIDENCE'],
      ['WAITING', 'id-vis', null, 'id-str', 'logs', ''],
      ['RESOLVED', 'id-str', null, null, 'fixed', ''],
    ])
  })

  it('sends the events in time order with only the fields each type takes', () => {
    const d = draftFromIncident(incident, ids, 0)
    // "What if Vistula had accepted at 16:50 New York?": the rejection becomes an acceptance, moved earlier.
    d.events[2] = {
      ...d.events[2]!,
      type: 'HANDOFF_ACCEPTED',
      reason: '',
      at: Date.parse('2026-03-06T21:50:00Z'),
    }
    d.events = [...d.events.slice(3), ...d.events.slice(0, 3)]
    const input = simulateInput(d)
    expect(input.events.map((e) => `${e.at.slice(11, 16)} ${e.type}`)).toEqual([
      '20:04 ACKNOWLEDGED',
      '21:30 HANDOFF_OFFERED',
      '21:50 HANDOFF_ACCEPTED',
      '22:05 HANDOFF_OFFERED',
      '23:00 WAITING',
      '06:10 RESOLVED',
    ])
    expect(input.events[2]).toEqual({
      at: '2026-03-06T21:50:00.000Z',
      type: 'HANDOFF_ACCEPTED',
      partyId: 'id-vis',
    })
    expect(input.events[3]).toMatchObject({ toPartyId: 'id-vis', reasonCode: 'NEW_EVIDENCE' })
    expect(input.events[4]).toMatchObject({ onPartyId: 'id-str' })
    expect(input).toMatchObject({
      holderPartyId: 'id-sen',
      serviceId: 'svc',
      asOf: '2026-03-09T13:00:00.000Z',
    })
  })

  it('reads and writes event times in any party zone', () => {
    const at = Date.parse('2026-03-06T21:50:00Z')
    expect(toLocalInput(at, 'America/New_York')).toBe('2026-03-06T16:50')
    expect(toLocalInput(at, 'Europe/Warsaw')).toBe('2026-03-06T22:50')
    expect(toLocalInput(at, 'Asia/Kolkata')).toBe('2026-03-07T03:20')
    expect(fromLocalInput('2026-03-06T16:50', 'America/New_York')).toBe(at)
    expect(fromLocalInput('2026-03-07T03:20', 'Asia/Kolkata')).toBe(at)
    // After the US spring-forward (Sunday 2026-03-08), New York is UTC-4.
    expect(fromLocalInput('2026-03-09T09:00', 'America/New_York')).toBe(
      Date.parse('2026-03-09T13:00:00Z')
    )
    expect(fromLocalInput('', 'UTC')).toBeNull()
  })
})
