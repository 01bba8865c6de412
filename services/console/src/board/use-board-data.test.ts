import { describe, expect, it } from 'vitest'
import type { BoardIncident } from './board-row.ts'
import { reduceBoardRows, type Rows } from './use-board-data.ts'

const party = (slug: string) => ({ id: `p-${slug}`, slug, name: slug })
const incident = (
  key: string,
  lastSeq: number,
  over: Partial<BoardIncident> = {}
): BoardIncident => ({
  id: key,
  key,
  title: key,
  priority: 'P1',
  status: 'ACKNOWLEDGED',
  breached: false,
  nextDeadline: null,
  openedAt: '2026-03-06T20:00:00Z',
  lastSeq,
  asOf: '2026-03-06T20:00:00Z',
  simulatedClock: null,
  holder: party('sentinel'),
  holderDesk: null,
  service: null,
  parent: null,
  custody: [],
  handoffs: [],
  clocks: [],
  bonds: [],
  ...over,
})

describe('board rows kept live', () => {
  it('replaces a row with the incident an event carries, and keeps untouched rows identical (no re-render)', () => {
    const loaded = reduceBoardRows(new Map() as Rows, {
      type: 'replace',
      incidents: [incident('INC-1', 1), incident('INC-2', 1)],
      receivedAt: 0,
    })
    const next = reduceBoardRows(loaded, {
      type: 'event',
      incident: incident('INC-1', 2, { holder: party('stratus') }),
      receivedAt: 0,
    })
    expect(next.get('INC-1')!.incident.holder.slug).toBe('stratus')
    expect(next.get('INC-2')).toBe(loaded.get('INC-2'))
  })

  it('ignores an older event arriving after a newer one', () => {
    const rows = reduceBoardRows(new Map() as Rows, {
      type: 'replace',
      incidents: [incident('INC-1', 5, { holder: party('vistula') })],
      receivedAt: 0,
    })
    expect(
      reduceBoardRows(rows, { type: 'event', incident: incident('INC-1', 4), receivedAt: 0 })
    ).toBe(rows)
  })

  it('adds newly declared incidents and drops resolved or closed ones', () => {
    const rows = reduceBoardRows(new Map() as Rows, {
      type: 'event',
      incident: incident('INC-3', 1),
      receivedAt: 0,
    })
    expect([...rows.keys()]).toEqual(['INC-3'])
    expect(
      reduceBoardRows(rows, {
        type: 'event',
        incident: incident('INC-3', 2, { status: 'RESOLVED' }),
        receivedAt: 0,
      }).size
    ).toBe(0)
  })

  it('keeps row identity across a reload when nothing changed, and takes the new version when it did', () => {
    const a = incident('INC-1', 3)
    const rows = reduceBoardRows(new Map() as Rows, {
      type: 'replace',
      incidents: [a],
      receivedAt: 0,
    })
    expect(
      reduceBoardRows(rows, { type: 'replace', incidents: [{ ...a }], receivedAt: 0 }).get('INC-1')
    ).toBe(rows.get('INC-1'))
    expect(
      reduceBoardRows(rows, {
        type: 'replace',
        incidents: [{ ...a, breached: true }],
        receivedAt: 0,
      }).get('INC-1')!.incident.breached
    ).toBe(true)
  })

  it("gives a simulated incident's row its time base: the asOf it came with, from when it arrived", () => {
    const sim = incident('INC-9', 1, {
      asOf: '2026-03-06T20:20:00Z',
      simulatedClock: { speed: 60 },
    })
    const rows = reduceBoardRows(new Map() as Rows, {
      type: 'replace',
      incidents: [sim, incident('INC-10', 1)],
      receivedAt: [1_000, 2_000],
    })
    expect(rows.get('INC-9')!.view.time).toEqual({
      asOfMs: Date.parse('2026-03-06T20:20:00Z'),
      receivedMs: 1_000,
      speed: 60,
    })
    expect(rows.get('INC-10')!.view.time).toBeNull()
    const later = reduceBoardRows(rows, {
      type: 'event',
      incident: { ...sim, lastSeq: 2, asOf: '2026-03-06T20:30:00Z' },
      receivedAt: 5_000,
    })
    expect(later.get('INC-9')!.view.time).toMatchObject({ receivedMs: 5_000 })
  })
})
