import { describe, expect, it } from 'vitest'
import { isMonth, monthLabel, monthOf, monthRange, monthsEnding, shiftMonth } from './months.ts'

describe('UTC months', () => {
  it('moves across year ends both ways', () => {
    expect(shiftMonth('2026-01', -1)).toBe('2025-12')
    expect(shiftMonth('2026-12', 1)).toBe('2027-01')
    expect(shiftMonth('2026-03', -14)).toBe('2025-01')
  })
  it('gives [from, to) in UTC and the month an instant falls in', () => {
    expect(monthRange('2026-12')).toEqual({
      from: '2026-12-01T00:00:00.000Z',
      to: '2027-01-01T00:00:00.000Z',
    })
    expect(monthOf(Date.parse('2026-03-31T23:59:59.999Z'))).toBe('2026-03')
    expect(monthOf(Date.parse('2026-04-01T00:00:00.000Z'))).toBe('2026-04')
  })
  it('lists the twelve months ending with a month, oldest first', () => {
    const m = monthsEnding('2026-03', 12)
    expect(m).toHaveLength(12)
    expect(m[0]).toBe('2025-04')
    expect(m[11]).toBe('2026-03')
  })
  it('checks labels and names them', () => {
    expect(isMonth('2026-03')).toBe(true)
    expect(isMonth('2026-13')).toBe(false)
    expect(isMonth('2026-3')).toBe(false)
    expect(monthLabel('2026-03')).toBe('Mar 2026')
    expect(monthLabel('2026-03', 'short')).toBe('Mar')
  })
})
