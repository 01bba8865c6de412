import { asc, eq } from 'drizzle-orm'
import {
  World,
  type AgreementConfig,
  type CalendarConfig,
  type Contact,
  type LadderConfig,
  type PartyConfig,
  type Priority,
} from '@baton/domain'
import type { Database } from '../create-db.ts'
import {
  agreements,
  calendars,
  desks,
  ladders,
  parties,
  services,
  worldSettings,
} from '../schema.ts'

/** The applied world as a World document (every agreement version included). */
export async function loadWorld(db: Database): Promise<World> {
  const [cals, partyRows, deskRows, serviceRows, agreementRows, ladderRows, settings] =
    await Promise.all([
      db.select().from(calendars).orderBy(asc(calendars.slug)),
      db.select().from(parties).orderBy(asc(parties.slug)),
      db.select().from(desks).orderBy(asc(desks.slug)),
      db
        .select({ s: services, owner: parties.slug })
        .from(services)
        .innerJoin(parties, eq(parties.id, services.ownerPartyId)),
      db.select().from(agreements).orderBy(asc(agreements.slug), asc(agreements.version)),
      db.select().from(ladders).orderBy(asc(ladders.key)),
      db.select().from(worldSettings).where(eq(worldSettings.key, 'pingPong')),
    ])
  const partyConfigs: PartyConfig[] = partyRows.map((p) => ({
    slug: p.slug,
    name: p.name,
    kind: p.kind as PartyConfig['kind'],
    desks: deskRows
      .filter((d) => d.partyId === p.id)
      .map((d) => ({
        slug: d.slug,
        name: d.name,
        calendar: d.calendarSlug,
        priorities: d.priorities as Priority[],
        contacts: d.contacts as Contact[],
      })),
    ...(p.integration
      ? { integration: p.integration as NonNullable<PartyConfig['integration']> }
      : {}),
    ...(p.authority ? { authority: p.authority as NonNullable<PartyConfig['authority']> } : {}),
  }))
  return World.parse({
    calendars: cals.map((c) => c.config as CalendarConfig),
    parties: partyConfigs,
    services: serviceRows.map(({ s, owner }) => ({
      slug: s.slug,
      name: s.name,
      owner,
      providers: s.providers,
    })),
    agreements: agreementRows.map((a) => a.config as AgreementConfig),
    ladders: ladderRows.map((l) => l.config as LadderConfig),
    ...(settings[0] ? { pingPong: settings[0].value } : {}),
  })
}

/** The slice an incident opened at `at` binds to: per agreement, the newest version in force then. */
export async function loadPinnedWorld(db: Database, at: string) {
  const world = await loadWorld(db)
  const inForce = new Map<string, AgreementConfig>()
  for (const a of world.agreements) {
    if (Date.parse(a.effectiveFrom) > Date.parse(at)) continue
    const seen = inForce.get(a.slug)
    if (!seen || seen.version < a.version) inForce.set(a.slug, a)
  }
  const { calendars: c, parties: p, services: s, ladders: l, pingPong } = world
  return {
    calendars: c,
    parties: p,
    services: s,
    ladders: l,
    agreements: [...inForce.values()],
    ...(pingPong ? { pingPong } : {}),
  }
}
