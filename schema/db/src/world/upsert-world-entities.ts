import { and, eq, sql } from 'drizzle-orm'
import type {
  AgreementConfig,
  CalendarConfig,
  DeskConfig,
  LadderConfig,
  PartyConfig,
  World,
} from '@baton/domain'
import { ServiceError } from '@baton/domain'
import type { Database } from '../create-db.ts'
import {
  agreements,
  calendars,
  desks,
  escalations,
  incidents,
  ladders,
  parties,
  services,
  worldSettings,
} from '../schema.ts'
import { canonicalJson } from '../ledger/canonical-hash.ts'

// One upsert per world entity: `baton apply` (whole file) and the admin mutations (one change)
// both persist through these, so the world has one write path.

/** A party's id by slug (the caller's cache first), undefined if unknown. */
export type PartyIdOf = (slug: string) => Promise<string | undefined>
export const partyIdResolver =
  (db: Database, known = new Map<string, string>()): PartyIdOf =>
  async (slug) =>
    known.get(slug) ??
    (await db.select({ id: parties.id }).from(parties).where(eq(parties.slug, slug)))[0]?.id

const is24x7 = (c: CalendarConfig) =>
  (['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const).every((d) =>
    c.week[d]?.some((w) => w.start === '00:00' && w.end === '24:00')
  ) && c.holidays.length === 0

/** Serialises world writers (admin changes and applies) for the rest of the transaction. */
export const lockWorld = async (tx: Database) => {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext('baton:world-change'))`)
}

export const ladderKey = (l: Pick<LadderConfig, 'party' | 'priority'>) =>
  `${l.party}:${[...l.priority].sort().join(',')}`

export async function upsertCalendarRow(db: Database, c: CalendarConfig): Promise<void> {
  await db
    .insert(calendars)
    .values({ slug: c.slug, timeZone: c.timeZone, config: c })
    .onConflictDoUpdate({ target: calendars.slug, set: { timeZone: c.timeZone, config: c } })
}

/** The party row only (name, kind, integration settings, authority overrides); desks and secrets are separate. */
export async function upsertPartyRow(
  db: Database,
  p: Pick<PartyConfig, 'slug' | 'name' | 'kind' | 'integration' | 'authority'>
): Promise<string> {
  const values = {
    name: p.name,
    kind: p.kind,
    dialect: p.integration?.dialect ?? null,
    integration: p.integration ?? null,
    authority: p.authority ?? null,
    updatedAt: sql`now()`,
  }
  const [row] = await db
    .insert(parties)
    .values({ slug: p.slug, ...values })
    .onConflictDoUpdate({ target: parties.slug, set: values })
    .returning({ id: parties.id })
  return row!.id
}

export async function upsertDeskRow(
  db: Database,
  party: { id: string; slug: string },
  d: DeskConfig,
  calendarOf: (slug: string) => CalendarConfig | undefined
): Promise<void> {
  const cal = calendarOf(d.calendar)
  if (!cal)
    throw new ServiceError(
      'CONFLICT',
      `desk ${party.slug}/${d.slug} names unknown calendar '${d.calendar}'`
    )
  const values = {
    name: d.name,
    calendarSlug: d.calendar,
    timeZone: cal.timeZone,
    is24x7: is24x7(cal),
    priorities: d.priorities,
    contacts: d.contacts,
  }
  await db
    .insert(desks)
    .values({ partyId: party.id, slug: d.slug, ...values })
    .onConflictDoUpdate({ target: [desks.partyId, desks.slug], set: values })
}

/** Deletes a desk no incident or escalation record refers to (those rows keep naming the desk). */
export async function deleteDeskRow(
  db: Database,
  party: { id: string; slug: string },
  deskSlug: string
): Promise<void> {
  const [desk] = await db
    .select({ id: desks.id })
    .from(desks)
    .where(and(eq(desks.partyId, party.id), eq(desks.slug, deskSlug)))
  if (!desk) return
  const held = await db
    .select({ id: incidents.id })
    .from(incidents)
    .where(eq(incidents.holderDeskId, desk.id))
    .limit(1)
  const paged = await db
    .select({ id: escalations.id })
    .from(escalations)
    .where(eq(escalations.deskId, desk.id))
    .limit(1)
  if (held.length + paged.length > 0)
    throw new ServiceError(
      'CONFLICT',
      `desk ${party.slug}/${deskSlug} is referenced by incident records and cannot be removed`
    )
  await db.delete(desks).where(eq(desks.id, desk.id))
}

export async function upsertServiceRow(
  db: Database,
  s: World['services'][number],
  idOf: PartyIdOf
): Promise<void> {
  const owner = await idOf(s.owner)
  if (!owner)
    throw new ServiceError('CONFLICT', `service ${s.slug} names unknown owner '${s.owner}'`)
  await db
    .insert(services)
    .values({ slug: s.slug, name: s.name, ownerPartyId: owner, providers: s.providers })
    .onConflictDoUpdate({
      target: services.slug,
      set: { name: s.name, ownerPartyId: owner, providers: s.providers },
    })
}

/** Publishes an agreement version; the same content again is a no-op, other content under a published version a conflict. */
export async function publishAgreementRow(
  db: Database,
  a: AgreementConfig,
  idOf: PartyIdOf
): Promise<'published' | 'unchanged'> {
  const [existing] = await db
    .select({ config: agreements.config })
    .from(agreements)
    .where(and(eq(agreements.slug, a.slug), eq(agreements.version, a.version)))
  if (existing) {
    if (canonicalJson(existing.config) !== canonicalJson(a))
      throw new ServiceError(
        'CONFLICT',
        `agreement ${a.slug} version ${a.version} is published and immutable; publish version ${a.version + 1} instead`
      )
    return 'unchanged'
  }
  const provider = a.provider === '*' ? null : await idOf(a.provider)
  const customer = !a.customer || a.customer === '*' ? null : await idOf(a.customer)
  await db.insert(agreements).values({
    slug: a.slug,
    version: a.version,
    name: a.name,
    kind: a.kind,
    providerPartyId: provider ?? null,
    customerPartyId: customer ?? null,
    effectiveFrom: new Date(a.effectiveFrom),
    config: a,
  })
  return 'published'
}

export async function upsertLadderRow(
  db: Database,
  l: LadderConfig,
  idOf: PartyIdOf
): Promise<void> {
  const partyId = await idOf(l.party)
  if (!partyId) throw new ServiceError('CONFLICT', `ladder names unknown party '${l.party}'`)
  await db
    .insert(ladders)
    .values({ partyId, key: ladderKey(l), config: l })
    .onConflictDoUpdate({ target: ladders.key, set: { config: l } })
}

export async function deleteLadderRow(db: Database, key: string): Promise<void> {
  await db.delete(ladders).where(eq(ladders.key, key))
}

export async function upsertPingPong(
  db: Database,
  value: NonNullable<World['pingPong']>
): Promise<void> {
  await db
    .insert(worldSettings)
    .values({ key: 'pingPong', value })
    .onConflictDoUpdate({ target: worldSettings.key, set: { value } })
}
