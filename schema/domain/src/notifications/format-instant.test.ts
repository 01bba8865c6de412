import { describe, expect, it } from 'vitest'
import {
  formatInstantForRecipient,
  formatLocalInstant,
  formatUtcInstant,
} from './format-instant.ts'

describe('formatInstantForRecipient', () => {
  it.each([
    [
      '2026-03-07T00:45:00.000Z',
      'Europe/Warsaw',
      'Sat 07 Mar 2026 01:45 CET (UTC+1) · 2026-03-07 00:45 UTC',
    ],
    [
      '2026-03-07T00:45:00.000Z',
      'America/New_York',
      'Fri 06 Mar 2026 19:45 EST (UTC-5) · 2026-03-07 00:45 UTC',
    ],
    // US daylight saving starts Sun 2026-03-08 02:00 local; Warsaw stays on CET until 03-29
    [
      '2026-03-08T06:59:00.000Z',
      'America/New_York',
      'Sun 08 Mar 2026 01:59 EST (UTC-5) · 2026-03-08 06:59 UTC',
    ],
    [
      '2026-03-08T07:00:00.000Z',
      'America/New_York',
      'Sun 08 Mar 2026 03:00 EDT (UTC-4) · 2026-03-08 07:00 UTC',
    ],
    [
      '2026-03-08T07:00:00.000Z',
      'Europe/Warsaw',
      'Sun 08 Mar 2026 08:00 CET (UTC+1) · 2026-03-08 07:00 UTC',
    ],
    [
      '2026-03-29T01:00:00.000Z',
      'Europe/Warsaw',
      'Sun 29 Mar 2026 03:00 CEST (UTC+2) · 2026-03-29 01:00 UTC',
    ],
    [
      '2026-11-01T05:30:00.000Z',
      'America/New_York',
      'Sun 01 Nov 2026 01:30 EDT (UTC-4) · 2026-11-01 05:30 UTC',
    ],
    [
      '2026-11-01T06:30:00.000Z',
      'America/New_York',
      'Sun 01 Nov 2026 01:30 EST (UTC-5) · 2026-11-01 06:30 UTC',
    ],
    [
      '2026-03-06T20:00:00.000Z',
      'Asia/Kolkata',
      'Sat 07 Mar 2026 01:30 Asia/Kolkata (UTC+5:30) · 2026-03-06 20:00 UTC',
    ],
    [
      '2026-03-06T20:00:00.000Z',
      'Asia/Manila',
      'Sat 07 Mar 2026 04:00 Asia/Manila (UTC+8) · 2026-03-06 20:00 UTC',
    ],
    [
      '2026-03-06T20:00:00.000Z',
      'America/Mexico_City',
      'Fri 06 Mar 2026 14:00 CST (UTC-6) · 2026-03-06 20:00 UTC',
    ],
    ['2026-03-06T20:00:00.000Z', 'UTC', 'Fri 06 Mar 2026 20:00 UTC · 2026-03-06 20:00 UTC'],
  ])('%s in %s reads %s', (at, zone, expected) => {
    expect(formatInstantForRecipient(at, zone)).toBe(expected)
  })

  it('accepts a Date as well as an ISO string', () => {
    expect(formatLocalInstant(new Date('2026-03-07T00:45:00Z'), 'Europe/Warsaw')).toBe(
      'Sat 07 Mar 2026 01:45 CET (UTC+1)'
    )
    expect(formatUtcInstant(new Date('2026-03-07T00:45:00Z'))).toBe('2026-03-07 00:45 UTC')
  })

  it('throws a RangeError naming the field for an unknown zone', () => {
    expect(() => formatLocalInstant('2026-03-07T00:45:00Z', 'Mars/Olympus')).toThrow(/timeZone/)
  })
})
