import type { BusinessCalendar } from './business-calendar.ts'
import { compileCalendar, dateOfDayNumber, dayNumberOf } from './business-calendar.ts'

// Holiday feeds (RFC 5545) carry closed days as all-day VEVENTs: DTSTART;VALUE=DATE:20260101,
// with an exclusive DTEND for multi-day closures. Timed events are not closures and are ignored.

const unfold = (ics: string): string[] => ics.replace(/\r?\n[ \t]/g, '').split(/\r?\n/)

function dateValue(line: string): string | undefined {
  const colon = line.indexOf(':')
  const params = line.slice(0, colon).toUpperCase()
  const value = line.slice(colon + 1).trim()
  const m = /^(\d{4})(\d{2})(\d{2})$/.exec(value)
  // A bare 8-digit value is a DATE even without VALUE=DATE; anything with a time is not all-day.
  if (!m || (params.includes('VALUE=') && !params.includes('VALUE=DATE'))) return undefined
  return `${m[1]}-${m[2]}-${m[3]}`
}

export function calendarFromICalendar(
  ics: string,
  base: Omit<BusinessCalendar, 'holidays'>
): BusinessCalendar {
  const holidays = new Set<string>()
  let inEvent = false
  let start: string | undefined
  let end: string | undefined
  for (const raw of unfold(ics)) {
    const line = raw.trim()
    const name = line.split(/[;:]/, 1)[0]?.toUpperCase()
    if (line.toUpperCase() === 'BEGIN:VEVENT') [inEvent, start, end] = [true, undefined, undefined]
    else if (line.toUpperCase() === 'END:VEVENT') {
      if (inEvent && start) for (const d of datesOf(start, end)) holidays.add(d)
      inEvent = false
    } else if (inEvent && name === 'DTSTART') start = dateValue(line)
    else if (inEvent && name === 'DTEND') end = dateValue(line)
  }
  const cal: BusinessCalendar = { ...base, holidays: [...holidays].sort() }
  compileCalendar(cal) // fail fast with the field named
  return cal
}

function datesOf(start: string, end: string | undefined): string[] {
  const s = dayNumberOf(start)
  if (s === undefined) throw new RangeError(`DTSTART: malformed date '${start}'`)
  const e = end === undefined ? s + 1 : dayNumberOf(end)
  if (e === undefined) throw new RangeError(`DTEND: malformed date '${end}'`)
  const out: string[] = []
  for (let d = s; d < Math.max(e, s + 1); d++) out.push(dateOfDayNumber(d))
  return out
}
