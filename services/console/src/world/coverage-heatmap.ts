import { isOpenAt, type CalendarShape } from '../util/calendar.ts'
import { instantOfLocal, pad, WEEKDAY_LABEL, zonedParts } from '../util/time-zone.ts'

/** One desk as the heatmap sees it: the priorities it takes and the calendar it is open on. */
export interface HeatDesk {
  id: string
  name: string
  priorities: ReadonlyArray<string>
  /** null: no calendar known (never open unless 24x7). */
  calendar: CalendarShape | null
  is24x7: boolean
}

/** One hour of the week in the zone shown. */
export interface HeatCell {
  /** The instant the hour starts. */
  start: number
  /** Local date and hour in the zone shown. */
  date: string
  hour: number
  /** Desks open during (part of) the hour, in desk order. */
  open: string[]
  /** Desks its weekly windows would have open, closed by a holiday of its calendar. */
  holiday: string[]
  /** Share of the hour in which some desk taking the priority is open (0: a hole). */
  covered: number
}

export interface HeatDay {
  date: string
  /** mon..sun */
  weekday: string
  cells: HeatCell[]
}

export interface Heatmap {
  zone: string
  priority: string
  /** The desks taking the priority, the ones the heatmap is about. */
  desks: HeatDesk[]
  days: HeatDay[]
}

const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']
const DAY = 86_400_000
const SAMPLES = 4 // every 15 minutes: zones and windows on the half and quarter hour

/** The Monday (`YYYY-MM-DD`) of the week holding the date. */
export function mondayOf(date: string): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number]
  const t = Date.UTC(y, m - 1, d)
  const back = (new Date(t).getUTCDay() + 6) % 7
  return new Date(t - back * DAY).toISOString().slice(0, 10)
}

const openAt = (desk: HeatDesk, at: number, holidays: boolean): boolean => {
  if (desk.is24x7) return true
  if (!desk.calendar) return false
  return isOpenAt(holidays ? desk.calendar : { ...desk.calendar, holidays: [] }, at)
}

/**
 * Who of a party can be reached when, for one priority, over the week (Monday to Sunday in
 * `zone`) holding `weekOf`: for each local hour, the desks taking the priority that are open
 * (follow-the-sun: any of them reaches the party), those a holiday closes, and the share of the
 * hour some desk covers. Sampled every 15 minutes, on the same calendar rules as the board's desk
 * clocks (IANA zone, weekly windows, whole-day local holidays).
 */
export function coverageHeatmap(
  desks: ReadonlyArray<HeatDesk>,
  priority: string,
  weekOf: string,
  zone: string
): Heatmap {
  const taking = desks.filter((d) => d.priorities.includes(priority))
  const monday = Date.parse(`${mondayOf(weekOf)}T00:00:00Z`)
  const days: HeatDay[] = []
  for (let d = 0; d < 7; d++) {
    const date = new Date(monday + d * DAY).toISOString().slice(0, 10)
    const next = new Date(monday + (d + 1) * DAY).toISOString().slice(0, 10)
    const cells: HeatCell[] = []
    for (let hour = 0; hour < 24; hour++) {
      const start = instantOfLocal(date, hour * 60, zone)
      const end =
        hour === 23 ? instantOfLocal(next, 0, zone) : instantOfLocal(date, (hour + 1) * 60, zone)
      const open = new Set<string>()
      const holiday = new Set<string>()
      let covered = 0
      const step = Math.max(1, (end - start) / SAMPLES)
      for (let k = 0; k < SAMPLES; k++) {
        const at = start + k * step
        let any = false
        for (const desk of taking) {
          if (openAt(desk, at, true)) {
            open.add(desk.id)
            any = true
          } else if (openAt(desk, at, false)) holiday.add(desk.id)
        }
        if (any) covered++
      }
      cells.push({
        start,
        date: zonedParts(start, zone).date,
        hour,
        open: taking.filter((t) => open.has(t.id)).map((t) => t.id),
        holiday: taking.filter((t) => holiday.has(t.id)).map((t) => t.id),
        covered: covered / SAMPLES,
      })
    }
    days.push({ date, weekday: WEEKDAYS[d]!, cells })
  }
  return { zone, priority, desks: taking, days }
}

/** Hours covered in `before` and not (wholly) in `after`: the holes a change would open. */
export function newHoles(before: Heatmap, after: Heatmap): HeatCell[] {
  const out: HeatCell[] = []
  before.days.forEach((day, d) =>
    day.cells.forEach((cell, h) => {
      const later = after.days[d]?.cells[h]
      if (later && later.covered < cell.covered) out.push(later)
    })
  )
  return out
}

/** Consecutive hours as readable ranges in the heatmap's zone: `Tue 00:00–11:00`. */
export function cellRanges(map: Heatmap, cells: ReadonlyArray<HeatCell>): string[] {
  const index = (c: HeatCell) =>
    map.days.findIndex((d) => d.date === c.date || d.cells.includes(c)) * 24 + c.hour
  const hours = [...new Set(cells.map(index))].filter((i) => i >= 0).sort((a, b) => a - b)
  const out: string[] = []
  for (let i = 0; i < hours.length;) {
    let j = i
    while (j + 1 < hours.length && hours[j + 1] === hours[j]! + 1) j++
    const from = hours[i]!
    const to = hours[j]! + 1
    const day = (n: number) => WEEKDAY_LABEL[map.days[Math.floor(n / 24)]?.weekday ?? ''] ?? ''
    const sameDay = Math.floor(from / 24) === Math.floor((to - 1) / 24)
    const endLabel = `${pad(to % 24 === 0 && sameDay ? 24 : to % 24)}:00`
    out.push(`${day(from)} ${pad(from % 24)}:00–${sameDay ? '' : `${day(to % 168)} `}${endLabel}`)
    i = j + 1
  }
  return out
}
