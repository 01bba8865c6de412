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
    })
    const next = reduceBoardRows(loaded, {
      type: 'event',
      incident: incident('INC-1', 2, { holder: party('stratus') }),
    })
    expect(next.get('INC-1')!.incident.holder.slug).toBe('stratus')
    expect(next.get('INC-2')).toBe(loaded.get('INC-2'))
  })

  it('ignores an older event arriving after a newer one', () => {
    const rows = reduceBoardRows(new Map() as Rows, {
      type: 'replace',
      incidents: [incident('INC-1', 5, { holder: party('vistula') })],
    })
    expect(reduceBoardRows(rows, { type: 'event', incident: incident('INC-1', 4) })).toBe(rows)
  })

  it('adds newly declared incidents and drops resolved or closed ones', () => {
    const rows = reduceBoardRows(new Map() as Rows, {
      type: 'event',
      incident: incident('INC-3', 1),
    })
    expect([...rows.keys()]).toEqual(['INC-3'])
    expect(
      reduceBoardRows(rows, {
        type: 'event',
        incident: incident('INC-3', 2, { status: 'RESOLVED' }),
      }).size
    ).toBe(0)
  })

  it('keeps row identity across a reload when nothing changed, and takes the new version when it did', () => {
    const a = incident('INC-1', 3)
    const rows = reduceBoardRows(new Map() as Rows, { type: 'replace', incidents: [a] })
    expect(reduceBoardRows(rows, { type: 'replace', incidents: [{ ...a }] }).get('INC-1')).toBe(
      rows.get('INC-1')
    )
    expect(
      reduceBoardRows(rows, { type: 'replace', incidents: [{ ...a, breached: true }] }).get(
        'INC-1'
      )!.incident.breached
    ).toBe(true)
  })
})
