import type { BusinessCalendar } from '../calendar/business-calendar.ts'
import { nextOpening } from '../calendar/business-time.ts'
import type { Priority } from '../events/incident-event.ts'
import type { DeskConfig, World } from '../world/world.ts'
import { deskCalendar, findParty } from '../agreements/world-lookup.ts'

export type DeskChoice = {
  desk: DeskConfig
  calendar: BusinessCalendar
  open: boolean
  opensAt: Date
}

/**
 * Follow-the-sun: among a party's desks that take this priority, the one open at `at` (a 24x7
 * desk always is), else the one that opens first. Ties go to configuration order.
 * undefined when no desk takes the priority or none ever opens.
 */
export function chooseDesk(
  world: World,
  partySlug: string,
  priority: Priority,
  at: Date
): DeskChoice | undefined {
  let best: DeskChoice | undefined
  for (const desk of findParty(world, partySlug).desks) {
    if (!desk.priorities.includes(priority)) continue
    const calendar = deskCalendar(world, desk)
    const opensAt = nextOpening(at, calendar)
    if (!opensAt) continue
    const open = opensAt.getTime() === at.getTime()
    if (open) return { desk, calendar, open, opensAt }
    if (!best || opensAt < best.opensAt) best = { desk, calendar, open, opensAt }
  }
  return best
}

/** Desks of a party that take a priority (the follow-the-sun set). */
export const desksFor = (world: World, partySlug: string, priority: Priority): DeskConfig[] =>
  findParty(world, partySlug).desks.filter((d) => d.priorities.includes(priority))
