// Instants shown in a party's local time. Formatters are cached: the board formats thousands of cells.

const formatters = new Map<string, Intl.DateTimeFormat>()
function formatter(
  timeZone: string,
  key: string,
  options: Intl.DateTimeFormatOptions,
  locale = 'en-GB'
): Intl.DateTimeFormat {
  const id = `${timeZone}|${key}`
  let f = formatters.get(id)
  if (!f) {
    f = new Intl.DateTimeFormat(locale, { timeZone, hourCycle: 'h23', ...options })
    formatters.set(id, f)
  }
  return f
}

export interface ZonedParts {
  year: number
  month: number
  day: number
  /** mon..sun, as the calendars spell weekdays. */
  weekday: string
  hour: number
  minute: number
  /** `YYYY-MM-DD` local date. */
  date: string
}

/** The wall-clock reading of `instant` in `timeZone`. */
export function zonedParts(instant: number, timeZone: string): ZonedParts {
  const parts = formatter(timeZone, 'parts', {
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    weekday: 'short',
    hour: '2-digit',
    minute: '2-digit',
  }).formatToParts(instant)
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? ''
  const year = Number(get('year'))
  const month = Number(get('month'))
  const day = Number(get('day'))
  return {
    year,
    month,
    day,
    weekday: get('weekday').slice(0, 3).toLowerCase(),
    hour: Number(get('hour')) % 24,
    minute: Number(get('minute')),
    date: `${get('year')}-${get('month')}-${get('day')}`,
  }
}

/** Offset of `timeZone` from UTC at `instant`, in minutes (e.g. -300 for New York in winter). */
export function offsetMinutes(instant: number, timeZone: string): number {
  const p = zonedParts(instant, timeZone)
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute)
  return Math.round((asUtc - Math.floor(instant / 60_000) * 60_000) / 60_000)
}

/** The zone's short name at `instant`: `EST`/`EDT` where US English has one, else the offset, e.g. `UTC+5:30`. */
export function zoneAbbreviation(instant: number, timeZone: string): string {
  const named = formatter(timeZone, 'abbr', { timeZoneName: 'short' }, 'en-US')
    .formatToParts(instant)
    .find((p) => p.type === 'timeZoneName')?.value
  if (named && !named.startsWith('GMT') && !named.startsWith('UTC')) return named
  const off = offsetMinutes(instant, timeZone)
  if (off === 0) return 'UTC'
  const sign = off > 0 ? '+' : '-'
  const h = Math.floor(Math.abs(off) / 60)
  const m = Math.abs(off) % 60
  return `UTC${sign}${h}${m ? `:${pad(m)}` : ''}`
}

/** A weekday as the calendar and zonedParts name it (`mon`) in a label: `Mon`. */
export const WEEKDAY_LABEL: Record<string, string> = {
  mon: 'Mon',
  tue: 'Tue',
  wed: 'Wed',
  thu: 'Thu',
  fri: 'Fri',
  sat: 'Sat',
  sun: 'Sun',
}
/** Two digits, as hours and minutes are written: `07`. */
export const pad = (n: number) => String(n).padStart(2, '0')

/** `Sun 03:00 EDT`: the local time of `instant` with its weekday and zone (DST-aware). */
export function localTimeLabel(instant: number, timeZone: string): string {
  const p = zonedParts(instant, timeZone)
  return `${WEEKDAY_LABEL[p.weekday] ?? p.weekday} ${pad(p.hour)}:${pad(p.minute)} ${zoneAbbreviation(instant, timeZone)}`
}

/** `2026-03-08 03:00 EDT`: local date and time with the zone. */
export function localDateTimeLabel(instant: number, timeZone: string): string {
  const p = zonedParts(instant, timeZone)
  return `${p.date} ${pad(p.hour)}:${pad(p.minute)} ${zoneAbbreviation(instant, timeZone)}`
}

/** `2026-03-06 20:00 UTC`. */
export function utcLabel(instant: number): string {
  return new Date(instant).toISOString().slice(0, 16).replace('T', ' ') + ' UTC'
}

/** The instant at which the wall clock of `timeZone` reads the given local date and time (the later one in a gap). */
export function instantOfLocal(date: string, minutes: number, timeZone: string): number {
  const [y, mo, d] = date.split('-').map(Number) as [number, number, number]
  const naive = Date.UTC(y, mo - 1, d) + minutes * 60_000
  const first = naive - offsetMinutes(naive, timeZone) * 60_000
  const second = naive - offsetMinutes(first, timeZone) * 60_000
  return offsetMinutes(second, timeZone) === offsetMinutes(first, timeZone)
    ? second
    : Math.max(first, second)
}

/** The short city of an IANA zone: `Asia/Kolkata` -> `Kolkata`. */
export function zoneCity(timeZone: string): string {
  return (timeZone.split('/').pop() ?? timeZone).replace(/_/g, ' ')
}
