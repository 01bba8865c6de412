import { describe, expect, it } from 'vitest'
import { formatAge, formatIsoDuration } from './format.ts'

describe('governance durations', () => {
  it('reads ISO durations and ages', () => {
    expect(formatIsoDuration('PT14M30S')).toBe('14m 30s')
    expect(formatIsoDuration('PT1H59M')).toBe('1h 59m')
    expect(formatIsoDuration(null)).toBe('—')
    const now = Date.parse('2026-03-06T21:00:00.000Z')
    expect(formatAge('2026-03-06T19:55:00.000Z', now)).toBe('1h 05m')
    expect(formatAge(null, now)).toBe('—')
  })
})
