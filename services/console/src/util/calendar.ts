import { instantOfLocal, zonedParts } from './time-zone.ts'

/** A business calendar as the API gives it: IANA zone, weekly open windows, whole-day holidays. */
export interface CalendarShape {
  timeZone: string
  windows: ReadonlyArray<{ day: string; start: string; end: string }>
  holidays: ReadonlyArray<string>
}

export interface Interval {
  from: number
  to: number
}

const minutesOf = (hhmm: string) => {
  const [h, m] = hhmm.split(':').map(Number) as [number, number]
  return h * 60 + m
}

/** Whether the calendar is open at `instant` (window start inclusive, end exclusive, holidays closed). */
export function isOpenAt(calendar: CalendarShape, instant: number): boolean {
  const p = zonedParts(instant, calendar.timeZone)
  if (calendar.holidays.includes(p.date)) return false
  const minute = p.hour * 60 + p.minute
  return calendar.windows.some(
    (w) => w.day === p.weekday && minutesOf(w.start) <= minute && minute < minutesOf(w.end)
  )
}

const DAY = 86_400_000

/** The calendar's open stretches within [from, to], merged and in order (for shading swimlanes). */
export function openIntervals(calendar: CalendarShape, from: number, to: number): Interval[] {
  const out: Interval[] = []
  // Walk local dates from a day before `from` to a day after `to` (zones are at most ±14 h).
  const first = zonedParts(from - DAY, calendar.timeZone)
  let cursor = Date.UTC(first.year, first.month - 1, first.day)
  const last = to + 2 * DAY
  while (cursor <= last) {
    const date = new Date(cursor).toISOString().slice(0, 10)
    const weekday = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'][new Date(cursor).getUTCDay()]
    if (!calendar.holidays.includes(date)) {
      for (const w of calendar.windows) {
        if (w.day !== weekday) continue
        const a = Math.max(from, instantOfLocal(date, minutesOf(w.start), calendar.timeZone))
        const b = Math.min(to, instantOfLocal(date, minutesOf(w.end), calendar.timeZone))
        if (b > a) out.push({ from: a, to: b })
      }
    }
    cursor += DAY
  }
  out.sort((x, y) => x.from - y.from)
  const merged: Interval[] = []
  for (const i of out) {
    const prev = merged[merged.length - 1]
    if (prev && i.from <= prev.to) prev.to = Math.max(prev.to, i.to)
    else merged.push({ ...i })
  }
  return merged
}
