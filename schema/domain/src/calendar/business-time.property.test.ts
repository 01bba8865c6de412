import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { BusinessCalendar } from './business-calendar.ts'
import { addBusinessTime, businessTimeBetween, isOpen } from './business-time.ts'
import { oracleBetween, oracleIsOpen } from '../testing/calendar-oracle.ts'

const w = (start: string, end: string) => [{ start, end }]
const calendars: BusinessCalendar[] = [
  {
    timeZone: 'America/New_York',
    week: {
      mon: w('09:00', '17:00'),
      tue: w('09:00', '17:00'),
      wed: w('09:00', '17:00'),
      thu: w('09:00', '17:00'),
      fri: w('09:00', '17:00'),
      sun: w('00:00', '03:30'),
    },
    holidays: ['2026-03-09', '2026-11-02'],
  },
  {
    timeZone: 'Europe/Warsaw',
    week: {
      fri: w('22:00', '24:00'),
      sat: w('00:00', '06:00'),
      sun: [
        { start: '01:00', end: '04:00' },
        { start: '20:00', end: '24:00' },
      ],
    },
    holidays: [],
  },
  {
    timeZone: 'Australia/Sydney',
    week: { sun: w('01:30', '03:30'), mon: w('08:00', '18:00') },
    holidays: [],
  },
  {
    timeZone: 'Asia/Kolkata',
    week: { mon: w('09:00', '18:00'), sat: w('00:00', '24:00') },
    holidays: ['2026-03-07'],
  },
]
// Minute-aligned instants around both 2026 DST seasons, so the oracle is exact.
const MIN = 60_000
const around = (iso: string) =>
  fc.integer({ min: -20 * 24 * 60, max: 20 * 24 * 60 }).map((m) => Date.parse(iso) + m * MIN)
const instant = fc.oneof(
  around('2026-03-29T00:00:00Z'),
  around('2026-10-25T00:00:00Z'),
  around('2026-04-05T00:00:00Z')
)
// Arbitrary millisecond instants for the algebraic properties (the oracle needs whole minutes).
const instantMs = fc
  .tuple(instant, fc.integer({ min: 0, max: 59_999 }))
  .map(([m, extra]) => m + extra)
const cal = fc.constantFrom(...calendars)
const duration = fc.integer({ min: 0, max: 60 * 24 * 60 }).map((m) => m * MIN)

describe('business time properties', () => {
  it('addBusinessTime and businessTimeBetween are inverse', () => {
    fc.assert(
      fc.property(
        cal,
        instantMs,
        duration.map((d) => d + 7),
        (c, s, ms) => {
          const end = addBusinessTime(new Date(s), ms, c)
          expect(businessTimeBetween(new Date(s), end, c)).toBe(ms)
          // earliest such instant: a moment earlier falls short
          if (ms > 0)
            expect(businessTimeBetween(new Date(s), new Date(end.getTime() - 1), c)).toBeLessThan(
              ms
            )
        }
      )
    )
  })

  it('is additive over adjacent intervals', () => {
    fc.assert(
      fc.property(cal, instantMs, instantMs, instantMs, (c, a, b, x) => {
        const [p, q, r] = [a, b, x].sort((m, n) => m - n) as [number, number, number]
        const whole = businessTimeBetween(new Date(p), new Date(r), c)
        expect(
          businessTimeBetween(new Date(p), new Date(q), c) +
            businessTimeBetween(new Date(q), new Date(r), c)
        ).toBe(whole)
      })
    )
  })

  it('never exceeds wall time', () => {
    fc.assert(
      fc.property(cal, instantMs, instantMs, (c, a, b) => {
        const bt = businessTimeBetween(new Date(a), new Date(b), c)
        expect(bt).toBeGreaterThanOrEqual(0)
        expect(bt).toBeLessThanOrEqual(Math.max(0, b - a))
      })
    )
  })

  it('addBusinessTime is monotone in the duration', () => {
    fc.assert(
      fc.property(cal, instantMs, duration, duration, (c, s, d1, d2) => {
        const [lo, hi] = d1 <= d2 ? [d1, d2] : [d2, d1]
        expect(addBusinessTime(new Date(s), lo, c).getTime()).toBeLessThanOrEqual(
          addBusinessTime(new Date(s), hi, c).getTime()
        )
      })
    )
  })

  it('agrees with a naive minute-by-minute reading of the rules', () => {
    const span = fc.integer({ min: 0, max: 3 * 24 * 60 }).map((m) => m * MIN)
    fc.assert(
      fc.property(cal, instant, span, (c, s, len) => {
        expect(isOpen(new Date(s), c)).toBe(oracleIsOpen(s, c))
        expect(businessTimeBetween(new Date(s), new Date(s + len), c)).toBe(
          oracleBetween(s, s + len, c)
        )
      }),
      { numRuns: 60 }
    )
  })
})
