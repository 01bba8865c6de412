import { describe, expect, it } from 'vitest'
import { IANAZone } from 'luxon'
import { cachedOffsetAt, offsetAt } from './zone-offsets.ts'

const MIN = 60_000
const HOUR = 60 * MIN

// Each row pins the instant a zone's offset changes (both ways, whole and half hours, and Samoa's
// skipped day): the cached offset must equal the zone's own on either side and around it.
const TRANSITIONS: [zone: string, at: string, beforeH: number, afterH: number][] = [
  ['Europe/Warsaw', '2026-03-29T01:00:00Z', 1, 2],
  ['Europe/Warsaw', '2026-10-25T01:00:00Z', 2, 1],
  ['America/New_York', '2026-03-08T07:00:00Z', -5, -4],
  ['America/New_York', '2026-11-01T06:00:00Z', -4, -5],
  ['Australia/Lord_Howe', '2026-04-04T15:00:00Z', 11, 10.5],
  ['Australia/Lord_Howe', '2026-10-03T15:30:00Z', 10.5, 11],
  ['America/Santiago', '2026-04-05T03:00:00Z', -3, -4],
  ['Pacific/Apia', '2011-12-30T10:00:00Z', -10, 14],
]

describe('cachedOffsetAt', () => {
  it.each(TRANSITIONS)(
    '%s at %s: %d h before, %d h after, as the zone says',
    (name, at, beforeH, afterH) => {
      const zone = IANAZone.create(name)
      const t = Date.parse(at)
      expect(cachedOffsetAt(zone, t - 1)).toBe(beforeH * HOUR)
      expect(cachedOffsetAt(zone, t)).toBe(afterH * HOUR)
      for (let ms = t - 3 * 24 * HOUR; ms <= t + 3 * 24 * HOUR; ms += 7 * MIN + 1) {
        expect(cachedOffsetAt(zone, ms)).toBe(offsetAt(zone, ms))
      }
    }
  )

  it.each(['UTC', 'Asia/Kolkata', 'America/Mexico_City', 'Asia/Kathmandu'])(
    '%s: equals the zone across a year, hour by hour',
    (name) => {
      const zone = IANAZone.create(name)
      const from = Date.parse('2026-01-01T00:00:00Z')
      for (let ms = from; ms < from + 366 * 24 * HOUR; ms += HOUR + 13)
        expect(cachedOffsetAt(zone, ms)).toBe(offsetAt(zone, ms))
    }
  )
})
