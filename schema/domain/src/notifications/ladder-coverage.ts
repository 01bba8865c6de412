import { DateTime } from 'luxon'
import type { Priority } from '../events/incident-event.ts'
import type { Contact, LadderConfig, World } from '../world/world.ts'
import { chooseDesk } from '../desks/choose-desk.ts'
import { deskCalendar, findParty } from '../agreements/world-lookup.ts'
import { isOpen } from '../calendar/business-time.ts'
import { quietHoursApply, quietHoursEnd } from './quiet-hours.ts'

export type CoverageReason = 'no-desk' | 'desk-closed' | 'no-contact' | 'no-channel' | 'quiet-hours'
/** One target of a step that reaches nobody at some hours (hour 0 = the first hour of the week). */
export type CoverageHole = {
  target: string
  reason: CoverageReason
  hours: number[]
  ranges: string[]
}
export type LadderCoverageStep = {
  party: string
  priority: Priority
  step: number
  /** hours in which no target of the step reaches anyone */
  silentHours: number[]
  silentRanges: string[]
  holes: CoverageHole[]
}
export type LadderCoverageOptions = {
  /** first instant of the week to check (UTC); default a reference week, Mon 2026-01-05 */
  weekStart?: Date
  /** default: true without weekStart (a typical week), false with it (that very week) */
  ignoreHolidays?: boolean
  /** sampling step inside each hour; default 15 */
  sampleMinutes?: number
}

type Target = LadderConfig['steps'][number]['targets'][number]
const HOUR = 3_600_000
/** The week ladderCoverage checks by default (Mon 2026-01-05 UTC). */
export const COVERAGE_REFERENCE_WEEK = Date.UTC(2026, 0, 5)

const targetLabel = (t: Target): string =>
  'role' in t
    ? `role:${t.role}`
    : 'retainedRole' in t
      ? `retainedRole:${t.retainedRole}`
      : `contact:${t.contact}`

/** Why a set of contacts (already on an open desk) reaches nobody at `at`, or null if someone is reached. */
function contactsReason(
  contacts: Contact[],
  zone: string,
  priority: Priority,
  at: Date
): CoverageReason | null {
  if (contacts.length === 0) return 'no-contact'
  const reachable = contacts.filter((c) => c.channels.length > 0)
  if (reachable.length === 0) return 'no-channel'
  if (!quietHoursApply(priority)) return null
  return reachable.every((c) => c.quietHours && quietHoursEnd(c.quietHours, c.timeZone ?? zone, at))
    ? 'quiet-hours'
    : null
}

function targetReason(
  world: World,
  party: string,
  priority: Priority,
  t: Target,
  at: Date,
  wallClock: boolean
): CoverageReason | null {
  if ('role' in t) {
    const choice = chooseDesk(world, party, priority, at)
    if (!choice) return 'no-desk'
    if (wallClock && !choice.open) return 'desk-closed'
    return contactsReason(
      choice.desk.contacts.filter((c) => c.roles.includes(t.role)),
      choice.calendar.timeZone,
      priority,
      at
    )
  }
  if ('retainedRole' in t) {
    const desks = world.parties
      .filter((p) => p.kind === 'RETAINED')
      .flatMap((p) => p.desks)
      .filter((d) => d.contacts.some((c) => c.roles.includes(t.retainedRole)))
    if (desks.length === 0) return 'no-contact'
    const open = desks.find((d) => isOpen(at, deskCalendar(world, d)))
    if (!open) return 'desk-closed'
    return contactsReason(
      open.contacts.filter((c) => c.roles.includes(t.retainedRole)),
      deskCalendar(world, open).timeZone,
      priority,
      at
    )
  }
  for (const p of world.parties)
    for (const d of p.desks) {
      const c = d.contacts.find((x) => x.slug === t.contact)
      if (c) return contactsReason([c], deskCalendar(world, d).timeZone, priority, at)
    }
  return 'no-contact'
}

/**
 * Consecutive hours as "Mon 00:00–08:00 UTC". A range that ends at midnight ends at 24:00 of its
 * last day ("Fri 16:00–Sun 24:00", the whole week "Mon 00:00–Sun 24:00"), never at 00:00 of the
 * day after, which for the whole week read as the empty "Mon 00:00–Mon 00:00".
 */
export function hourRanges(hours: readonly number[], weekStart: Date): string[] {
  const out: string[] = []
  const fmt = (h: number) => DateTime.fromMillis(weekStart.getTime() + h * HOUR, { zone: 'UTC' })
  for (let i = 0; i < hours.length;) {
    let j = i
    while (j + 1 < hours.length && hours[j + 1] === hours[j]! + 1) j++
    const from = fmt(hours[i]!)
    const end = fmt(hours[j]! + 1)
    const midnight = end.toFormat('HH:mm') === '00:00'
    const lastDay = midnight ? end.minus({ days: 1 }) : end
    const time = midnight ? '24:00' : end.toFormat('HH:mm')
    const endLabel = lastDay.hasSame(from, 'day') ? time : `${lastDay.toFormat('ccc')} ${time}`
    out.push(`${from.toFormat('ccc HH:mm')}–${endLabel} UTC`)
    i = j + 1
  }
  return out
}

const withoutHolidays = (world: World): World => ({
  ...world,
  calendars: world.calendars.map((c) => ({ ...c, holidays: [] })),
})

/**
 * The ladder steps of a party that would reach nobody at some hour of a week: no desk takes the
 * priority, the desk (or the retained desk) is closed for a wall-clock step, no contact holds the
 * role, none of them has a channel, or (below P1) all of them are in quiet hours. A business-time
 * step is only checked at instants its desk is open, since that is the only time it can fall due.
 */
export function ladderCoverage(
  world: World,
  partySlug: string,
  options: LadderCoverageOptions = {}
): LadderCoverageStep[] {
  findParty(world, partySlug)
  const weekStart = options.weekStart ?? new Date(COVERAGE_REFERENCE_WEEK)
  const w = (options.ignoreHolidays ?? !options.weekStart) ? withoutHolidays(world) : world
  const sample = (options.sampleMinutes ?? 15) * 60_000
  const out: LadderCoverageStep[] = []
  for (const ladder of w.ladders.filter((l) => l.party === partySlug)) {
    for (const priority of ladder.priority) {
      ladder.steps.forEach((spec, i) => {
        const holes = new Map<
          string,
          { target: string; reason: CoverageReason; hours: Set<number> }
        >()
        const silent = new Set<number>()
        for (let ms = 0; ms < 168 * HOUR; ms += sample) {
          const at = new Date(weekStart.getTime() + ms)
          if (spec.afterBusiness && !chooseDesk(w, partySlug, priority, at)?.open) continue
          const hour = Math.floor(ms / HOUR)
          let reached = false
          for (const t of spec.targets) {
            const reason = targetReason(w, partySlug, priority, t, at, !spec.afterBusiness)
            if (!reason) {
              reached = true
              continue
            }
            const key = `${targetLabel(t)}|${reason}`
            const hole = holes.get(key) ?? {
              target: targetLabel(t),
              reason,
              hours: new Set<number>(),
            }
            hole.hours.add(hour)
            holes.set(key, hole)
          }
          if (!reached) silent.add(hour)
        }
        if (holes.size === 0) return
        const silentHours = [...silent].sort((a, b) => a - b)
        out.push({
          party: partySlug,
          priority,
          step: i + 1,
          silentHours,
          silentRanges: hourRanges(silentHours, weekStart),
          holes: [...holes.values()].map((h) => {
            const hours = [...h.hours].sort((a, b) => a - b)
            return {
              target: h.target,
              reason: h.reason,
              hours,
              ranges: hourRanges(hours, weekStart),
            }
          }),
        })
      })
    }
  }
  return out
}
