import { describe, expect, it } from 'vitest'
import { monthLabel, monthsEnding } from './months.ts'

describe('the trend chart months', () => {
  it('lists the twelve months ending with a month, oldest first, across a year end', () => {
    const m = monthsEnding('2026-03', 12)
    expect(m).toHaveLength(12)
    expect(m[0]).toBe('2025-04')
    expect(m[9]).toBe('2026-01')
    expect(m[11]).toBe('2026-03')
  })
  it('names months long and short', () => {
    expect(monthLabel('2026-03')).toBe('Mar 2026')
    expect(monthLabel('2026-03', 'short')).toBe('Mar')
  })
})
