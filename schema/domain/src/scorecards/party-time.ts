import type { Priority } from '../events/incident-event.ts'
import type { World } from '../world/world.ts'
import { calendarSource } from '../calendar/open-intervals.ts'
import { measureBetween, unionSource } from '../calendar/measure-time.ts'
import { findCalendar } from '../agreements/world-lookup.ts'

export type PartyTime = { name: string; measure: (fromMs: number, toMs: number) => number }

/**
 * A party's own business time for a priority: the union of the desks that take that priority
 * (follow-the-sun parties have several), named for display. Wall clock if the party has none.
 */
export function partyTime(world: World, party: string, priority: Priority): PartyTime {
  const p = world.parties.find((x) => x.slug === party)
  const desks = p?.desks.filter((d) => d.priorities.includes(priority)) ?? []
  if (!p || desks.length === 0) return { name: 'wall-clock', measure: (a, b) => Math.max(0, b - a) }
  const source = unionSource(desks.map((d) => calendarSource(findCalendar(world, d.calendar))))
  return {
    name: desks.map((d) => `${party}/${d.slug}`).join('+'),
    measure: (a, b) => measureBetween(source, a, b),
  }
}
