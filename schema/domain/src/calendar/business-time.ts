import type { BusinessCalendar } from './business-calendar.ts'
import { compileCalendar } from './business-calendar.ts'
import { calendarSource } from './open-intervals.ts'
import { measureAdd, measureBetween, measureNextOpening } from './measure-time.ts'

// docs/interfaces.md, "Business time", exactly. Business time is the real elapsed time of open instants, so a
// skipped spring-forward hour adds nothing and a repeated fall-back hour counts twice.

function instant(d: Date, field: string): number {
  const ms = d instanceof Date ? d.getTime() : Number.NaN
  if (Number.isNaN(ms)) throw new RangeError(`${field}: invalid Date`)
  return ms
}

export function isOpen(at: Date, cal: BusinessCalendar): boolean {
  const ms = instant(at, 'at')
  return measureNextOpening(calendarSource(cal), ms) === ms
}

/** `at` itself when open; the next opening otherwise; null if the calendar never opens. */
export function nextOpening(at: Date, cal: BusinessCalendar): Date | null {
  const next = measureNextOpening(calendarSource(cal), instant(at, 'at'))
  return next === undefined ? null : new Date(next)
}

export function businessTimeBetween(from: Date, to: Date, cal: BusinessCalendar): number {
  return measureBetween(calendarSource(cal), instant(from, 'from'), instant(to, 'to'))
}

/** The earliest t >= start with businessTimeBetween(start, t) === durationMs. */
export function addBusinessTime(start: Date, durationMs: number, cal: BusinessCalendar): Date {
  const s = instant(start, 'start')
  if (!Number.isFinite(durationMs) || durationMs < 0)
    throw new RangeError(`durationMs: must be a finite number >= 0, got ${durationMs}`)
  const c = compileCalendar(cal)
  if (durationMs === 0) return new Date(s)
  if (!c.hasWindows)
    throw new RangeError('week: the calendar has no open window, so business time never elapses')
  const t = measureAdd(calendarSource(cal), s, durationMs)
  if (t === undefined)
    throw new RangeError('week: the calendar never opens, so business time never elapses')
  return new Date(t)
}
