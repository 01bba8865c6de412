import { badInput } from './parse-edit-input.ts'

const DATE = /^(\d{4})(\d{2})(\d{2})$/
const DATE_TIME = /^\d{8}T\d{6}Z?$/

function realDate(value: string): boolean {
  const m = DATE.exec(value.slice(0, 8))
  if (!m) return false
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])]
  const date = new Date(Date.UTC(y, mo - 1, d))
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d
}

/**
 * Rejects a holiday feed the import would misread, naming the line: not iCalendar at all, an event
 * left open, or a DTSTART/DTEND that is neither a date nor a date-time. (calendarFromICalendar
 * skips what it does not understand, which is right for a parser and wrong for an admin's upload.)
 */
export function checkHolidayFeed(ics: string): void {
  const lines = ics.split(/\r?\n/)
  if (!lines.some((l) => l.trim().toUpperCase() === 'BEGIN:VCALENDAR'))
    throw badInput('ics', 'not an iCalendar document: no BEGIN:VCALENDAR line')
  let openedAt = 0
  lines.forEach((raw, i) => {
    if (/^[ \t]/.test(raw)) return // a folded continuation line
    const line = raw.trim()
    const upper = line.toUpperCase()
    if (upper === 'BEGIN:VEVENT') {
      if (openedAt)
        throw badInput(
          'ics',
          `line ${i + 1}: BEGIN:VEVENT inside the event opened on line ${openedAt}`
        )
      openedAt = i + 1
    } else if (upper === 'END:VEVENT') {
      if (!openedAt) throw badInput('ics', `line ${i + 1}: END:VEVENT without BEGIN:VEVENT`)
      openedAt = 0
    } else if (openedAt && /^(DTSTART|DTEND)[;:]/.test(upper)) {
      const name = upper.startsWith('DTSTART') ? 'DTSTART' : 'DTEND'
      const value = line.slice(line.indexOf(':') + 1).trim()
      if (!line.includes(':') || !(DATE.test(value) || DATE_TIME.test(value)) || !realDate(value)) {
        throw badInput(
          'ics',
          `line ${i + 1}: ${name} '${value}' is not a date (YYYYMMDD) or date-time (YYYYMMDDTHHMMSSZ)`
        )
      }
    }
  })
  if (openedAt) throw badInput('ics', `line ${openedAt}: VEVENT is never closed (no END:VEVENT)`)
}
