import { describe, expect, it } from 'vitest'
import { calendarFromICalendar } from './calendar-from-icalendar.ts'
import { isOpen } from './business-time.ts'

const ics = [
  'BEGIN:VCALENDAR',
  'VERSION:2.0',
  'BEGIN:VEVENT',
  'SUMMARY:Easter Monday',
  'DTSTART;VALUE=DATE:20260406',
  'DTEND;VALUE=DATE:20260407',
  'END:VEVENT',
  'BEGIN:VEVENT',
  'SUMMARY:Christmas',
  'DTSTART;VALUE=DATE:20261224',
  'DTEND;VALUE=DATE:20261227',
  'END:VEVENT',
  'BEGIN:VEVENT',
  'SUMMARY:All hands (timed, not a closure)',
  'DTSTART:20260410T090000Z',
  'DTEND:20260410T100000Z',
  'END:VEVENT',
  'BEGIN:VEVENT',
  'SUMMARY:Folded',
  'DTSTART;VALUE=DA',
  ' TE:20260501',
  'END:VEVENT',
  'END:VCALENDAR',
].join('\r\n')
const base = {
  timeZone: 'Europe/Warsaw',
  week: { mon: [{ start: '09:00', end: '17:00' }], fri: [{ start: '09:00', end: '17:00' }] },
}

describe('calendarFromICalendar', () => {
  it('turns all-day VEVENTs into holidays, expanding the exclusive DTEND and unfolding lines', () => {
    const cal = calendarFromICalendar(ics, base)
    expect(cal.holidays).toEqual([
      '2026-04-06',
      '2026-05-01',
      '2026-12-24',
      '2026-12-25',
      '2026-12-26',
    ])
    expect(isOpen(new Date('2026-04-06T10:00:00Z'), cal)).toBe(false)
    expect(isOpen(new Date('2026-04-10T08:00:00Z'), cal)).toBe(true)
  })
  it('names the field when the base calendar is invalid', () => {
    expect(() => calendarFromICalendar(ics, { timeZone: 'Nowhere/Zone', week: {} })).toThrow(
      /timeZone/
    )
  })
})
