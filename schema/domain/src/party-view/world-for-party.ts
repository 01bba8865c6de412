import type { AgreementConfig, CalendarConfig, PartyConfig, World } from '../world/world.ts'

/**
 * The world as one vendor may see it: its own party in full (its desks, contacts and
 * integration), every other party by slug, name, kind and desk names only (no contacts, channels,
 * outbound URLs or secret references), the agreements it is provider or customer of (and the
 * OLAs that bind any vendor), its own ladders, and the calendars those name.
 */
export function worldForParty(world: World, viewer: string): World {
  const self = world.parties.find((p) => p.slug === viewer)
  if (self?.kind === 'RETAINED') return world
  const parties: PartyConfig[] = world.parties.map((p) => (p.slug === viewer ? p : stripParty(p)))
  const agreements = world.agreements.filter((a) => agreementBinds(a, viewer))
  const ladders = world.ladders.filter((l) => l.party === viewer)
  const serviceSlugs = new Set(agreements.flatMap((a) => a.services))
  const services = world.services.filter(
    (s) => serviceSlugs.has(s.slug) || s.owner === viewer || s.providers.includes(viewer)
  )
  const wanted = new Set<string>(parties.flatMap((p) => p.desks.map((d) => d.calendar)))
  for (const a of agreements)
    for (const t of a.targets) if ('calendar' in t.measuredOn) wanted.add(t.measuredOn.calendar)
  const calendars: CalendarConfig[] = world.calendars.filter((c) => wanted.has(c.slug))
  return { ...world, calendars, parties, services, agreements, ladders }
}

const agreementBinds = (a: AgreementConfig, viewer: string) =>
  a.provider === viewer || a.customer === viewer || a.provider === '*'

function stripParty(p: PartyConfig): PartyConfig {
  return {
    slug: p.slug,
    name: p.name,
    kind: p.kind,
    desks: p.desks.map((d) => ({
      slug: d.slug,
      name: d.name,
      calendar: d.calendar,
      priorities: d.priorities,
      contacts: [],
    })),
  }
}
