import { describe, expect, it } from 'vitest'
import { formatAge, formatIsoDuration, formatMoney, formatPercent } from './format.ts'

describe('governance figures', () => {
  it('writes money with its currency code and two decimals', () => {
    expect(formatMoney(2400, 'USD')).toBe('USD 2,400.00')
    expect(formatMoney(-6400.5, 'EUR')).toBe('EUR -6,400.50')
    expect(formatMoney(0, null)).toBe('0.00')
  })
  it('writes percentages with one decimal at most, and a dash without a value', () => {
    expect(formatPercent(66.6667)).toBe('66.7 %')
    expect(formatPercent(50)).toBe('50 %')
    expect(formatPercent(99.96)).toBe('100 %')
    expect(formatPercent(null)).toBe('—')
  })
  it('reads ISO durations and ages', () => {
    expect(formatIsoDuration('PT14M30S')).toBe('14m 30s')
    expect(formatIsoDuration('PT1H59M')).toBe('1h 59m')
    expect(formatIsoDuration(null)).toBe('—')
    const now = Date.parse('2026-03-06T21:00:00.000Z')
    expect(formatAge('2026-03-06T19:55:00.000Z', now)).toBe('1h 05m')
    expect(formatAge(null, now)).toBe('—')
  })
})
