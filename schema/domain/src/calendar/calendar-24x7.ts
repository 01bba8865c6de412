import type { BusinessCalendar } from './business-calendar.ts'

const ALL_DAY = [{ start: '00:00', end: '24:00' }]

/** Open around the clock; the zone still matters for holidays and for local-time display. */
export function calendar24x7(timeZone = 'UTC', holidays: string[] = []): BusinessCalendar {
  return {
    timeZone,
    week: {
      mon: ALL_DAY,
      tue: ALL_DAY,
      wed: ALL_DAY,
      thu: ALL_DAY,
      fri: ALL_DAY,
      sat: ALL_DAY,
      sun: ALL_DAY,
    },
    holidays,
  }
}
