import { describe, expect, it } from 'vitest'
import { isOpenAt, openIntervals } from './calendar.ts'

const weekdays = (start: string, end: string) =>
  ['mon', 'tue', 'wed', 'thu', 'fri'].map((day) => ({ day, start, end }))
const newYork = {
  timeZone: 'America/New_York',
  windows: weekdays('08:00', '18:00'),
  holidays: ['2026-01-19'],
}
const warsaw = { timeZone: 'Europe/Warsaw', windows: weekdays('09:00', '17:00'), holidays: [] }
const at = (iso: string) => Date.parse(iso)

describe('business calendars in the browser', () => {
  it('knows whether a desk is open now in its own zone', () => {
    expect(isOpenAt(newYork, at('2026-03-06T20:00:00Z'))).toBe(true) // Fri 15:00 EST
    expect(isOpenAt(warsaw, at('2026-03-06T20:00:00Z'))).toBe(false) // Fri 21:00 Warsaw
    expect(isOpenAt(newYork, at('2026-01-19T15:00:00Z'))).toBe(false) // MLK day
    expect(isOpenAt(newYork, at('2026-03-06T23:00:00Z'))).toBe(false) // 18:00 exclusive
  })

  it('lists open stretches across the New York DST change (08:00 EST then 08:00 EDT)', () => {
    const open = openIntervals(newYork, at('2026-03-06T00:00:00Z'), at('2026-03-10T00:00:00Z'))
    expect(open.map((i) => [new Date(i.from).toISOString(), new Date(i.to).toISOString()])).toEqual(
      [
        ['2026-03-06T13:00:00.000Z', '2026-03-06T23:00:00.000Z'],
        ['2026-03-09T12:00:00.000Z', '2026-03-09T22:00:00.000Z'],
      ]
    )
  })

  it('merges a round-the-clock calendar into one stretch clipped to the range', () => {
    const always = {
      timeZone: 'UTC',
      windows: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((day) => ({
        day,
        start: '00:00',
        end: '24:00',
      })),
      holidays: [],
    }
    expect(openIntervals(always, at('2026-03-06T20:00:00Z'), at('2026-03-07T06:00:00Z'))).toEqual([
      { from: at('2026-03-06T20:00:00Z'), to: at('2026-03-07T06:00:00Z') },
    ])
  })
})
