import type { BusinessCalendar } from '../calendar/business-calendar.ts'
import { calendar24x7 } from '../calendar/calendar-24x7.ts'
import type { DeskConfig, PartyConfig, World } from '../world/world.ts'

// References inside a parsed World are slugs; a dangling one is a configuration fault, thrown
// as a RangeError naming it (the world is validated when applied, so this is a bug, not input).

export function findParty(world: World, slug: string): PartyConfig {
  const party = world.parties.find((p) => p.slug === slug)
  if (!party) throw new RangeError(`party: unknown party '${slug}'`)
  return party
}

/** A desk by 'party/desk' reference. */
export function findDesk(world: World, ref: string): { party: PartyConfig; desk: DeskConfig } {
  const [partySlug = '', deskSlug = ''] = ref.split('/')
  const party = findParty(world, partySlug)
  const desk = party.desks.find((d) => d.slug === deskSlug)
  if (!desk) throw new RangeError(`desk: unknown desk '${ref}'`)
  return { party, desk }
}

const implicit24x7 = new Map<string, BusinessCalendar>()

/** A calendar by slug; '24x7-<zone>' style slugs such as '24x7-utc' need not be declared. */
export function findCalendar(world: World, slug: string): BusinessCalendar {
  const cal = world.calendars.find((c) => c.slug === slug)
  if (cal) return cal
  if (slug === '24x7-utc' || slug === '24x7') {
    let c = implicit24x7.get('UTC')
    if (!c) implicit24x7.set('UTC', (c = calendar24x7('UTC')))
    return c
  }
  throw new RangeError(`calendar: unknown calendar '${slug}'`)
}

export const deskCalendar = (world: World, desk: DeskConfig): BusinessCalendar =>
  findCalendar(world, desk.calendar)

export const isRetained = (world: World, slug: string): boolean =>
  world.parties.find((p) => p.slug === slug)?.kind === 'RETAINED'
