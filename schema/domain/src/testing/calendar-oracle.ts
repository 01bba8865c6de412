import { DateTime } from 'luxon'
import type { BusinessCalendar, Weekday } from '../calendar/business-calendar.ts'

// A deliberately naive minute-by-minute reading of docs/interfaces.md, "Business time", used only by tests to
// check the fast implementation. Exact for minute-aligned instants (zone transitions are).
const WD: Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']
const mins = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5))

export function oracleIsOpen(ms: number, cal: BusinessCalendar): boolean {
  const local = DateTime.fromMillis(ms, { zone: cal.timeZone })
  if (cal.holidays.includes(local.toISODate() ?? '')) return false
  const minute = local.hour * 60 + local.minute
  return (cal.week[WD[local.weekday - 1] as Weekday] ?? []).some(
    (w) => minute >= mins(w.start) && minute < mins(w.end)
  )
}

export function oracleBetween(fromMs: number, toMs: number, cal: BusinessCalendar): number {
  let total = 0
  for (let m = fromMs; m < toMs; m += 60_000) if (oracleIsOpen(m, cal)) total += 60_000
  return total
}
