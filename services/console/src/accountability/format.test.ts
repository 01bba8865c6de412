import { describe, expect, it } from 'vitest'
import {
  describeClockId,
  formatMoney,
  formatPercent,
  isMonth,
  monthLabel,
  monthOf,
  monthRange,
  shiftMonth,
  statementsTotal,
} from './format.ts'

describe('accountability formats', () => {
  it('bounds a month in UTC and moves across years', () => {
    expect(monthRange('2026-03')).toEqual({
      from: '2026-03-01T00:00:00.000Z',
      to: '2026-04-01T00:00:00.000Z',
    })
    expect(monthRange('2026-12').to).toBe('2027-01-01T00:00:00.000Z')
    expect(shiftMonth('2026-01', -1)).toBe('2025-12')
    expect(shiftMonth('2026-12', 1)).toBe('2027-01')
    expect(monthOf(Date.parse('2026-03-31T23:59:59Z'))).toBe('2026-03')
    expect(monthLabel('2026-03')).toBe('March 2026')
    expect(() => monthRange('2026-13')).toThrow(/YYYY-MM/)
    expect(isMonth('2026-03')).toBe(true)
    expect(isMonth('March')).toBe(false)
    expect(isMonth(null)).toBe(false)
  })

  it('writes money and percentages', () => {
    expect(formatMoney(2400, 'USD')).toBe('USD 2,400.00')
    expect(formatMoney(-2400.5, 'USD')).toBe('USD -2,400.50')
    expect(formatMoney(0, null)).toBe('0.00')
    expect(formatPercent(66.666)).toBe('66.7 %')
    expect(formatPercent(null)).toBe('—')
    expect(statementsTotal([{ total: 2400 }, { total: 0.1 }, { total: 0.2 }])).toBe(2400.3)
  })

  it('reads a settled clock id', () => {
    expect(describeClockId('handoff-acceptance@1/HANDOFF_ACCEPT/vistula/1')).toEqual({
      agreement: 'handoff-acceptance@1',
      metric: 'Hand-off acceptance',
      party: 'vistula',
      cycle: 1,
      label: 'Hand-off acceptance · vistula · handoff-acceptance@1 · cycle 1',
    })
    expect(describeClockId('odd').label).toBe('odd')
  })
})
