import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { oracleIsOpen } from '../testing/calendar-oracle.ts'
import type { BusinessCalendar } from './business-calendar.ts'
import { calendar24x7 } from './calendar-24x7.ts'
import { measureAdd, measureBetween, measureNextOpening, unionSource } from './measure-time.ts'
import { calendarSource, type OpenIntervalSource } from './open-intervals.ts'

const H = 3_600_000
const ms = (iso: string) => Date.parse(iso)
const weekdays = (start: string, end: string) =>
  Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri'].map((d) => [d, [{ start, end }]]))
const dublin: BusinessCalendar = {
  timeZone: 'Europe/Dublin',
  week: weekdays('09:00', '17:00'),
  holidays: [],
}
const singapore: BusinessCalendar = {
  timeZone: 'Asia/Singapore',
  week: weekdays('09:00', '17:00'),
  holidays: [],
}
// Two shifts that meet end to end: 00:00-12:00 and 12:00-24:00 UTC, every day.
const all7 = (start: string, end: string) =>
  Object.fromEntries(
    ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [{ start, end }]])
  )
const morning: BusinessCalendar = { timeZone: 'UTC', week: all7('00:00', '12:00'), holidays: [] }
const evening: BusinessCalendar = { timeZone: 'UTC', week: all7('12:00', '24:00'), holidays: [] }

// A source that throws once read past `limit` intervals: a union that reads a 24x7 source for
// ever fails here at once, instead of hanging the run (a synchronous loop ignores timeouts).
const bounded = (source: OpenIntervalSource, limit = 1_000): OpenIntervalSource =>
  function* (fromMs) {
    let n = 0
    for (const interval of source(fromMs)) {
      if (++n > limit) throw new Error(`read ${limit} intervals without the union yielding`)
      yield interval
    }
  }

describe('unionSource', () => {
  const withAlwaysOpen = unionSource([
    bounded(calendarSource(dublin)),
    bounded(calendarSource(calendar24x7('UTC'))),
  ])
  const endToEnd = unionSource([bounded(calendarSource(morning)), bounded(calendarSource(evening))])

  it.each([
    [
      'a 9-to-5 desk beside a 24x7 desk is open the whole span',
      withAlwaysOpen,
      '2026-03-06T16:00:00Z',
      '2026-03-09T16:00:00Z',
      72 * H,
    ],
    [
      'two shifts meeting end to end are open the whole span',
      endToEnd,
      '2026-03-06T10:00:00Z',
      '2026-03-08T10:00:00Z',
      48 * H,
    ],
  ])(
    'measures business time when the union never closes: %s',
    (_name, source, from, to, expected) => {
      expect(measureBetween(source, ms(from), ms(to))).toBe(expected)
    },
    2_000
  )

  it.each([
    [
      'beside a 24x7 desk, 40 hours from Friday 16:00Z end on Sunday 08:00Z',
      withAlwaysOpen,
      '2026-03-06T16:00:00Z',
      40 * H,
      '2026-03-08T08:00:00.000Z',
    ],
    [
      'end-to-end shifts, 30 days land 30 days later',
      endToEnd,
      '2026-03-06T10:00:00Z',
      30 * 24 * H,
      '2026-04-05T10:00:00.000Z',
    ],
  ])(
    'adds business time when the union never closes: %s',
    (_name, source, from, duration, expected) => {
      expect(new Date(measureAdd(source, ms(from), duration)!).toISOString()).toBe(expected)
    },
    2_000
  )

  it('still merges desks that hand over with gaps (Dublin then Singapore)', () => {
    const sun = unionSource([calendarSource(dublin), calendarSource(singapore)])
    // Friday 6 March: Singapore 01:00-09:00Z, Dublin 09:00-17:00Z (GMT): one 16-hour stretch.
    expect(
      [...take(sun(ms('2026-03-06T00:00:00Z')), 2)].map(([a, b]) => [
        new Date(a).toISOString(),
        new Date(b).toISOString(),
      ])
    ).toEqual([
      ['2026-03-06T01:00:00.000Z', '2026-03-06T17:00:00.000Z'],
      ['2026-03-09T01:00:00.000Z', '2026-03-09T17:00:00.000Z'],
    ])
    expect(measureNextOpening(sun, ms('2026-03-07T12:00:00Z'))).toBe(ms('2026-03-09T01:00:00Z'))
  })
})

describe('unionSource properties', () => {
  const cals = [
    dublin,
    singapore,
    calendar24x7('Asia/Kolkata', ['2026-03-27']),
    morning,
    evening,
    { timeZone: 'America/New_York', week: weekdays('08:00', '18:00'), holidays: ['2026-03-30'] },
  ]
  const subset = fc
    .uniqueArray(fc.integer({ min: 0, max: cals.length - 1 }), { minLength: 2, maxLength: 4 })
    .map((ix) => ix.map((i) => cals[i]!))
  // Minute-aligned instants around the March 2026 DST changes (US 8th, Europe 29th).
  const instant = fc
    .integer({ min: 0, max: 40 * 24 * 60 })
    .map((m) => Date.parse('2026-03-01T00:00:00Z') + m * 60_000)
  const span = fc.integer({ min: 0, max: 3 * 24 * 60 }).map((m) => m * 60_000)

  it('measures what a minute-by-minute reading of "any desk open" measures', () => {
    fc.assert(
      fc.property(subset, instant, span, (group, from, len) => {
        const union = unionSource(group.map(calendarSource))
        let expected = 0
        for (let m = from; m < from + len; m += 60_000)
          if (group.some((c) => oracleIsOpen(m, c))) expected += 60_000
        expect(measureBetween(union, from, from + len)).toBe(expected)
      }),
      { numRuns: 60 }
    )
  })
  it('adds exactly what it measures', () => {
    fc.assert(
      fc.property(subset, instant, span, (group, from, len) => {
        const union = unionSource(group.map(calendarSource))
        const end = measureAdd(union, from, len)!
        expect(measureBetween(union, from, end)).toBe(len)
        if (len > 0) expect(measureBetween(union, from, end - 1)).toBeLessThan(len)
      }),
      { numRuns: 200 }
    )
  })
})

function* take<T>(it: Iterable<T>, n: number): Generator<T> {
  if (n <= 0) return
  for (const x of it) {
    yield x
    if (--n <= 0) return
  }
}
