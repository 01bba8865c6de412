import { describe, expect, it } from 'vitest'
import {
  instantOfLocal,
  localDateTimeLabel,
  localTimeLabel,
  offsetMinutes,
  utcLabel,
} from './time-zone.ts'

const at = (iso: string) => Date.parse(iso)

describe('local time labels across a DST change', () => {
  it('New York springs forward on 2026-03-08: 01:59 EST is followed by 03:00 EDT', () => {
    expect(localTimeLabel(at('2026-03-08T06:59:00Z'), 'America/New_York')).toBe('Sun 01:59 EST')
    expect(localTimeLabel(at('2026-03-08T07:00:00Z'), 'America/New_York')).toBe('Sun 03:00 EDT')
    expect(offsetMinutes(at('2026-03-08T06:59:00Z'), 'America/New_York')).toBe(-300)
    expect(offsetMinutes(at('2026-03-08T07:00:00Z'), 'America/New_York')).toBe(-240)
  })

  it('New York falls back on 2026-11-01: 01:30 happens twice, first EDT then EST', () => {
    expect(localTimeLabel(at('2026-11-01T05:30:00Z'), 'America/New_York')).toBe('Sun 01:30 EDT')
    expect(localTimeLabel(at('2026-11-01T06:30:00Z'), 'America/New_York')).toBe('Sun 01:30 EST')
  })

  it('Warsaw moves to summer time on 2026-03-29 and back on 2026-10-25 (offsets where the locale has no name)', () => {
    expect(localDateTimeLabel(at('2026-03-29T00:59:00Z'), 'Europe/Warsaw')).toBe(
      '2026-03-29 01:59 UTC+1'
    )
    expect(localDateTimeLabel(at('2026-03-29T01:00:00Z'), 'Europe/Warsaw')).toBe(
      '2026-03-29 03:00 UTC+2'
    )
    expect(localDateTimeLabel(at('2026-10-25T00:30:00Z'), 'Europe/Warsaw')).toBe(
      '2026-10-25 02:30 UTC+2'
    )
    expect(localDateTimeLabel(at('2026-10-25T01:30:00Z'), 'Europe/Warsaw')).toBe(
      '2026-10-25 02:30 UTC+1'
    )
  })

  it('the outage start reads as in the scenario in every desk zone', () => {
    const start = at('2026-03-06T20:00:00Z')
    expect(localTimeLabel(start, 'America/New_York')).toBe('Fri 15:00 EST')
    expect(localTimeLabel(start, 'Europe/Warsaw')).toBe('Fri 21:00 UTC+1')
    expect(localTimeLabel(start, 'Asia/Kolkata')).toBe('Sat 01:30 UTC+5:30')
    expect(localTimeLabel(start, 'Asia/Manila')).toBe('Sat 04:00 UTC+8')
    expect(localTimeLabel(start, 'America/Mexico_City')).toBe('Fri 14:00 CST')
    expect(utcLabel(start)).toBe('2026-03-06 20:00 UTC')
  })

  it('finds the instant of a local wall-clock time on both sides of a change', () => {
    expect(new Date(instantOfLocal('2026-03-06', 8 * 60, 'America/New_York')).toISOString()).toBe(
      '2026-03-06T13:00:00.000Z'
    )
    expect(new Date(instantOfLocal('2026-03-09', 8 * 60, 'America/New_York')).toISOString()).toBe(
      '2026-03-09T12:00:00.000Z'
    )
    expect(new Date(instantOfLocal('2026-11-02', 8 * 60, 'America/New_York')).toISOString()).toBe(
      '2026-11-02T13:00:00.000Z'
    )
    expect(new Date(instantOfLocal('2026-03-06', 24 * 60, 'Europe/Warsaw')).toISOString()).toBe(
      '2026-03-06T23:00:00.000Z'
    )
  })
})
