import { IANAZone } from 'luxon'

export type Weekday = 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun'
export type BusinessWindow = { start: string; end: string }
export type BusinessCalendar = {
  timeZone: string
  week: Partial<Record<Weekday, BusinessWindow[]>>
  holidays: string[]
}

/** A validated calendar in numbers: windows as local minutes, holidays as local day numbers. */
export type CompiledCalendar = {
  zone: IANAZone
  /** index 0 = Monday; each entry sorted, merged [startMinute, endMinute) pairs */
  week: ReadonlyArray<ReadonlyArray<readonly [number, number]>>
  holidays: ReadonlySet<number>
  hasWindows: boolean
  /** per local day number, the day's open UTC intervals (cache; never affects results) */
  dayCache: Map<number, ReadonlyArray<readonly [number, number]>>
}

export const WEEKDAYS: readonly Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']
const DAY_MS = 86_400_000
const TIME = /^([01]\d|2[0-3]):([0-5]\d)$/
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/

/** Days since 1970-01-01 for a 'YYYY-MM-DD' local date, or undefined when malformed. */
export function dayNumberOf(date: string): number | undefined {
  const m = DATE.exec(date)
  if (!m) return undefined
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])]
  const ms = Date.UTC(y, mo - 1, d)
  const check = new Date(ms)
  if (check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d) return undefined
  return ms / DAY_MS
}

/** 'YYYY-MM-DD' for a day number. */
export function dateOfDayNumber(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10)
}

/** Monday = 0 … Sunday = 6; day 0 (1970-01-01) was a Thursday. */
export const weekdayIndexOf = (day: number): number => (((day + 3) % 7) + 7) % 7

function parseTime(value: unknown, field: string, allow24: boolean): number {
  if (typeof value !== 'string')
    throw new RangeError(`${field}: expected 'HH:mm', got ${String(value)}`)
  if (allow24 && value === '24:00') return 24 * 60
  const m = TIME.exec(value)
  if (!m)
    throw new RangeError(
      `${field}: malformed time '${value}', expected 'HH:mm'${allow24 ? " or '24:00'" : ''}`
    )
  return Number(m[1]) * 60 + Number(m[2])
}

const compiledByObject = new WeakMap<BusinessCalendar, CompiledCalendar>()

/** Validates once per calendar object; throws RangeError naming the offending field. */
export function compileCalendar(cal: BusinessCalendar): CompiledCalendar {
  const cached = compiledByObject.get(cal)
  if (cached) return cached
  // IANAZone.create caches per name and validates once; isValidZone would re-check every call.
  const zone =
    typeof cal.timeZone === 'string' && cal.timeZone !== ''
      ? IANAZone.create(cal.timeZone)
      : undefined
  if (!zone?.isValid)
    throw new RangeError(`timeZone: invalid IANA time zone '${String(cal.timeZone)}'`)
  for (const key of Object.keys(cal.week ?? {})) {
    if (!(WEEKDAYS as readonly string[]).includes(key))
      throw new RangeError(`week.${key}: unknown weekday (use mon..sun)`)
  }
  const week = WEEKDAYS.map((wd) => {
    const windows = (cal.week?.[wd] ?? []).map((w, i) => {
      const start = parseTime(w?.start, `week.${wd}[${i}].start`, false)
      const end = parseTime(w?.end, `week.${wd}[${i}].end`, true)
      if (start >= end)
        throw new RangeError(`week.${wd}[${i}]: start '${w.start}' must be before end '${w.end}'`)
      return [start, end] as const
    })
    return mergeWindows(windows)
  })
  const holidays = new Set<number>()
  ;(cal.holidays ?? []).forEach((h, i) => {
    const day = dayNumberOf(h)
    if (day === undefined)
      throw new RangeError(`holidays[${i}]: malformed date '${String(h)}', expected 'YYYY-MM-DD'`)
    holidays.add(day)
  })
  const compiled: CompiledCalendar = {
    zone,
    week,
    holidays,
    hasWindows: week.some((w) => w.length > 0),
    dayCache: new Map(),
  }
  compiledByObject.set(cal, compiled)
  return compiled
}

// Overlapping or touching windows would otherwise double count business time.
function mergeWindows(
  windows: ReadonlyArray<readonly [number, number]>
): Array<readonly [number, number]> {
  const sorted = [...windows].sort((a, b) => a[0] - b[0])
  const out: Array<[number, number]> = []
  for (const [s, e] of sorted) {
    const last = out[out.length - 1]
    if (last && s <= last[1]) last[1] = Math.max(last[1], e)
    else out.push([s, e])
  }
  return out
}
