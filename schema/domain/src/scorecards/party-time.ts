import type { Priority } from '../events/incident-event.ts'
import type { World } from '../world/world.ts'
import { calendarSource, type OpenIntervalSource } from '../calendar/open-intervals.ts'
import { findCalendar } from '../agreements/world-lookup.ts'

export type PartyTime = { name: string; measure: (fromMs: number, toMs: number) => number }

// Bounded union: each source is read only up to `toMs`, then the intervals are merged. (Merging
// lazily, as unionSource does, never yields when a 24x7 desk keeps the union open for ever.)
function measureUnion(sources: readonly OpenIntervalSource[], fromMs: number, toMs: number): number {
  if (!(toMs > fromMs)) return 0
  const spans: Array<[number, number]> = []
  for (const source of sources) {
    for (const [a, b] of source(fromMs)) {
      if (a >= toMs) break
      spans.push([Math.max(a, fromMs), Math.min(b, toMs)])
      if (b >= toMs) break
    }
  }
  spans.sort((x, y) => x[0] - y[0])
  let total = 0
  let end = -Infinity
  for (const [a, b] of spans) {
    const start = Math.max(a, end)
    if (b > start) total += b - start
    end = Math.max(end, b)
  }
  return total
}

/**
 * A party's own business time for a priority: the union of the desks that take that priority
 * (follow-the-sun parties have several), named for display. Wall clock if the party has none.
 */
export function partyTime(world: World, party: string, priority: Priority): PartyTime {
  const p = world.parties.find((x) => x.slug === party)
  const desks = p?.desks.filter((d) => d.priorities.includes(priority)) ?? []
  if (!p || desks.length === 0) return { name: 'wall-clock', measure: (a, b) => Math.max(0, b - a) }
  const sources = desks.map((d) => calendarSource(findCalendar(world, d.calendar)))
  return { name: desks.map((d) => `${party}/${d.slug}`).join('+'), measure: (a, b) => measureUnion(sources, a, b) }
}
