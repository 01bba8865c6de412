import { DateTime } from 'luxon'
import type { Priority } from '../events/incident-event.ts'

export type QuietHours = { start: string; end: string }

const minutesOf = (hhmm: string): number => {
  const [h = '0', m = '0'] = hhmm.split(':')
  return Number(h) * 60 + Number(m)
}

/** Quiet hours hold back every priority but P1 (a P1 wakes people up). */
export const quietHoursApply = (priority: Priority | string): boolean => priority !== 'P1'

/**
 * When `at` falls inside the contact's quiet hours (local wall clock in `timeZone`, windows may
 * cross midnight, e.g. 22:00-07:00), the instant they end; otherwise null. An end that falls in
 * a spring-forward gap moves to the first valid local time after it.
 */
export function quietHoursEnd(quiet: QuietHours, timeZone: string, at: Date): Date | null {
  const local = DateTime.fromJSDate(at, { zone: timeZone })
  if (!local.isValid) throw new RangeError(`timeZone: invalid zone '${timeZone}'`)
  const start = minutesOf(quiet.start)
  const end = minutesOf(quiet.end)
  if (start === end) return null
  const now = local.hour * 60 + local.minute + local.second / 60
  const crosses = start > end
  const inside = crosses ? now >= start || now < end : now >= start && now < end
  if (!inside) return null
  const endDay = crosses && now >= start ? local.plus({ days: 1 }) : local
  const endAt = endDay
    .startOf('day')
    .set({ hour: Math.floor(end / 60) % 24, minute: end % 60 })
    .plus({ days: end === 1440 ? 1 : 0 })
  return endAt.toJSDate()
}
