import { describe, expect, it } from 'vitest'
import type { BusinessCalendar } from './business-calendar.ts'
import { addBusinessTime, businessTimeBetween, isOpen, nextOpening } from './business-time.ts'
import { calendar24x7 } from './calendar-24x7.ts'
import { usFederalHolidays2026 } from '../testing/demo-world.ts'

const H = 3_600_000
const M = 60_000
const d = (iso: string) => new Date(iso)
const weekdays = (start: string, end: string) => {
  const w = [{ start, end }]
  return { mon: w, tue: w, wed: w, thu: w, fri: w }
}

const newYork: BusinessCalendar = {
  timeZone: 'America/New_York',
  week: weekdays('09:00', '17:00'),
  holidays: usFederalHolidays2026,
}
const nySundayNight: BusinessCalendar = {
  timeZone: 'America/New_York',
  week: { sun: [{ start: '00:00', end: '05:00' }] },
  holidays: [],
}
const nyFallBackEarly: BusinessCalendar = {
  timeZone: 'America/New_York',
  week: { sun: [{ start: '00:00', end: '01:30' }] },
  holidays: [],
}
// An overnight shift Saturday 22:00 to Sunday 06:00 is written as two windows, the first ending '24:00'.
const warsawOvernight: BusinessCalendar = {
  timeZone: 'Europe/Warsaw',
  week: { sat: [{ start: '22:00', end: '24:00' }], sun: [{ start: '00:00', end: '06:00' }] },
  holidays: [],
}
const warsaw: BusinessCalendar = {
  timeZone: 'Europe/Warsaw',
  week: weekdays('09:00', '17:00'),
  holidays: ['2026-04-06'],
}
const pune: BusinessCalendar = {
  timeZone: 'Asia/Kolkata',
  week: weekdays('09:00', '18:00'),
  holidays: ['2026-01-26', '2026-03-04'],
}
const sydney: BusinessCalendar = {
  timeZone: 'Australia/Sydney',
  week: weekdays('09:00', '17:00'),
  holidays: [],
}
const sydneySunday: BusinessCalendar = {
  timeZone: 'Australia/Sydney',
  week: { sun: [{ start: '00:00', end: '24:00' }] },
  holidays: [],
}
const mexico: BusinessCalendar = {
  timeZone: 'America/Mexico_City',
  week: weekdays('07:00', '19:00'),
  holidays: ['2026-03-16'],
}
const manila: BusinessCalendar = {
  timeZone: 'Asia/Manila',
  week: weekdays('07:00', '19:00'),
  holidays: ['2026-04-02', '2026-04-03'],
}

describe('businessTimeBetween', () => {
  it.each([
    [
      'NY spring-forward Sunday: the skipped hour contributes nothing',
      nySundayNight,
      '2026-03-08T05:00:00Z',
      '2026-03-08T09:00:00Z',
      4 * H,
    ],
    [
      'NY an ordinary Sunday night window is five hours',
      nySundayNight,
      '2026-03-01T05:00:00Z',
      '2026-03-01T10:00:00Z',
      5 * H,
    ],
    [
      'NY fall-back Sunday: the repeated hour counts twice',
      nySundayNight,
      '2026-11-01T04:00:00Z',
      '2026-11-01T10:00:00Z',
      6 * H,
    ],
    [
      'NY fall-back: a window ending inside the repeated hour is open in both passes',
      nyFallBackEarly,
      '2026-11-01T00:00:00Z',
      '2026-11-02T00:00:00Z',
      2 * H,
    ],
    [
      'NY Friday afternoon to Monday on EDT',
      newYork,
      '2026-03-06T20:00:00Z',
      '2026-03-09T15:00:00Z',
      4 * H,
    ],
    [
      'NY six months with federal holidays',
      newYork,
      '2026-01-01T00:00:00Z',
      '2026-07-01T00:00:00Z',
      124 * 8 * H,
    ],
    [
      'Warsaw overnight window across spring-forward',
      warsawOvernight,
      '2026-03-28T21:00:00Z',
      '2026-03-29T04:00:00Z',
      7 * H,
    ],
    [
      'Warsaw overnight window across fall-back',
      warsawOvernight,
      '2026-10-24T20:00:00Z',
      '2026-10-25T05:00:00Z',
      9 * H,
    ],
    ['Warsaw Easter Monday is closed', warsaw, '2026-04-06T00:00:00Z', '2026-04-07T00:00:00Z', 0],
    [
      'Kolkata half-hour offset, holiday midweek',
      pune,
      '2026-03-03T03:30:00Z',
      '2026-03-05T12:30:00Z',
      18 * H,
    ],
    [
      'Sydney DST end: Sunday lasts 25 hours',
      sydneySunday,
      '2026-04-04T13:00:00Z',
      '2026-04-05T14:00:00Z',
      25 * H,
    ],
    [
      'Sydney DST start: Sunday lasts 23 hours',
      sydneySunday,
      '2026-10-03T14:00:00Z',
      '2026-10-04T13:00:00Z',
      23 * H,
    ],
    [
      'Mexico City keeps UTC-6 when the US moves',
      mexico,
      '2026-03-09T12:00:00Z',
      '2026-03-09T14:00:00Z',
      1 * H,
    ],
    [
      'Manila Holy Thursday and Good Friday closed',
      manila,
      '2026-04-01T00:00:00Z',
      '2026-04-06T00:00:00Z',
      12 * H,
    ],
    ['zero when to is before from', newYork, '2026-03-09T16:00:00Z', '2026-03-09T15:00:00Z', 0],
    [
      '24x7 is wall time',
      calendar24x7('UTC'),
      '2026-03-06T20:00:00Z',
      '2026-03-07T06:10:00Z',
      10 * H + 10 * M,
    ],
  ])('%s', (_name, cal, from, to, expected) => {
    expect(businessTimeBetween(d(from), d(to), cal)).toBe(expected)
  })
})

describe('addBusinessTime', () => {
  it.each([
    [
      'adds 40 business hours across a weekend and the DST change',
      newYork,
      '2026-03-06T20:00:00Z',
      40 * H,
      '2026-03-13T19:00:00.000Z',
    ],
    [
      'skips a holiday and lands exactly on the window end, not the next opening',
      newYork,
      '2026-01-16T22:00:00Z',
      8 * H,
      '2026-01-20T22:00:00.000Z',
    ],
    [
      'starting while closed begins at the next opening',
      newYork,
      '2026-03-07T12:00:00Z',
      30 * M,
      '2026-03-09T13:30:00.000Z',
    ],
    [
      'Warsaw overnight: 7 h from Saturday 22:00 ends Sunday 06:00 CEST',
      warsawOvernight,
      '2026-03-28T21:00:00Z',
      7 * H,
      '2026-03-29T04:00:00.000Z',
    ],
    [
      'Warsaw overnight: the 24:00 end joins the next day without a gap',
      warsawOvernight,
      '2026-03-28T21:00:00Z',
      2 * H + 1,
      '2026-03-28T23:00:00.001Z',
    ],
    [
      'Warsaw Easter Monday pushes to Tuesday',
      warsaw,
      '2026-04-03T14:00:00Z',
      2 * H,
      '2026-04-07T08:00:00.000Z',
    ],
    [
      'Kolkata carries 30 minutes over the weekend',
      pune,
      '2026-03-06T12:00:00Z',
      1 * H,
      '2026-03-09T04:00:00.000Z',
    ],
    [
      'Sydney after DST ends opens at 09:00 AEST',
      sydney,
      '2026-04-03T06:00:00Z',
      8 * H,
      '2026-04-06T07:00:00.000Z',
    ],
    [
      'Mexico City skips its holiday',
      mexico,
      '2026-03-13T20:00:00Z',
      12 * H,
      '2026-03-17T20:00:00.000Z',
    ],
    [
      'Manila lands exactly on Wednesday close',
      manila,
      '2026-04-01T00:00:00Z',
      11 * H,
      '2026-04-01T11:00:00.000Z',
    ],
    [
      'zero duration is the start itself, even while closed',
      newYork,
      '2026-03-07T12:00:00Z',
      0,
      '2026-03-07T12:00:00.000Z',
    ],
    [
      'NY fall-back: the second pass of 01:00–01:30 is used',
      nyFallBackEarly,
      '2026-11-01T05:00:00Z',
      45 * M,
      '2026-11-01T06:15:00.000Z',
    ],
  ])('%s', (_name, cal, start, ms, expected) => {
    expect(addBusinessTime(d(start), ms, cal).toISOString()).toBe(expected)
  })
})

describe('isOpen and nextOpening', () => {
  it.each([
    ['window start is open', newYork, '2026-03-09T13:00:00Z', true],
    ['window end is closed', newYork, '2026-03-09T21:00:00Z', false],
    ['holiday is closed', newYork, '2026-01-19T15:00:00Z', false],
    ['fall-back: 01:45 EDT is outside 00:00–01:30', nyFallBackEarly, '2026-11-01T05:45:00Z', false],
    ['fall-back: 01:15 EST is inside 00:00–01:30', nyFallBackEarly, '2026-11-01T06:15:00Z', true],
    [
      'Warsaw local midnight between the overnight windows',
      warsawOvernight,
      '2026-03-28T23:00:00Z',
      true,
    ],
    ['Mexico 06:59 local is closed', mexico, '2026-03-09T12:59:00Z', false],
  ])('%s', (_name, cal, at, expected) => {
    expect(isOpen(d(at), cal)).toBe(expected)
  })

  it.each([
    [
      'returns the instant itself when open',
      newYork,
      '2026-03-09T15:00:00Z',
      '2026-03-09T15:00:00.000Z',
    ],
    [
      'Saturday in Mexico City opens Monday 07:00',
      mexico,
      '2026-03-07T12:00:00Z',
      '2026-03-09T13:00:00.000Z',
    ],
    [
      'Friday night in New York opens Monday on EDT',
      newYork,
      '2026-03-06T23:00:00Z',
      '2026-03-09T13:00:00.000Z',
    ],
    [
      'Manila before Easter opens the Monday after',
      manila,
      '2026-04-01T11:00:00Z',
      '2026-04-05T23:00:00.000Z',
    ],
  ])('%s', (_name, cal, at, expected) => {
    expect(nextOpening(d(at), cal)?.toISOString()).toBe(expected)
  })

  it('returns null for a calendar that never opens', () => {
    expect(
      nextOpening(d('2026-03-09T15:00:00Z'), { timeZone: 'UTC', week: {}, holidays: [] })
    ).toBeNull()
  })
})

describe('calendar errors', () => {
  it('throws RangeError from addBusinessTime when the calendar has no open window', () => {
    expect(() =>
      addBusinessTime(d('2026-03-09T15:00:00Z'), H, {
        timeZone: 'UTC',
        week: { mon: [] },
        holidays: [],
      })
    ).toThrow(RangeError)
  })
  it('names the time zone field for an invalid zone', () => {
    expect(() =>
      isOpen(d('2026-03-09T15:00:00Z'), { timeZone: 'Mars/Olympus', week: {}, holidays: [] })
    ).toThrow(/timeZone/)
  })
  it('names the window field for a malformed time', () => {
    expect(() =>
      isOpen(d('2026-03-09T15:00:00Z'), {
        timeZone: 'UTC',
        week: { tue: [{ start: '9:00', end: '17:00' }] },
        holidays: [],
      })
    ).toThrow(/week\.tue\[0\]\.start/)
  })
  it('rejects a window whose start is not before its end', () => {
    expect(() =>
      isOpen(d('2026-03-09T15:00:00Z'), {
        timeZone: 'UTC',
        week: { wed: [{ start: '17:00', end: '09:00' }] },
        holidays: [],
      })
    ).toThrow(RangeError)
  })
  it('rejects 24:00 as a start and a malformed holiday', () => {
    expect(() =>
      isOpen(d('2026-03-09T15:00:00Z'), {
        timeZone: 'UTC',
        week: { wed: [{ start: '24:00', end: '24:00' }] },
        holidays: [],
      })
    ).toThrow(/start/)
    expect(() =>
      isOpen(d('2026-03-09T15:00:00Z'), { timeZone: 'UTC', week: {}, holidays: ['2026-02-30'] })
    ).toThrow(/holidays\[0\]/)
  })
})
