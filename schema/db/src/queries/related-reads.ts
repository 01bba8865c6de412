import { and, asc, eq, inArray, sql } from 'drizzle-orm'
import type { Database } from '../create-db.ts'
import { agreements, calendars, desks, parties, services } from '../tables/config.ts'
import { bonds, escalations, handoffs } from '../tables/incidents.ts'
import { incidentScopeCondition, type IncidentScope } from './incident-reads.ts'
import { incidents } from '../tables/incidents.ts'

export type PartyRow = typeof parties.$inferSelect
export type DeskRow = typeof desks.$inferSelect
export type BondRow = typeof bonds.$inferSelect
export type HandoffRow = typeof handoffs.$inferSelect
export type EscalationRecordRow = typeof escalations.$inferSelect
export type AgreementRow = typeof agreements.$inferSelect
export type ServiceRow = typeof services.$inferSelect
export type CalendarRow = typeof calendars.$inferSelect

export const listParties = (db: Database): Promise<PartyRow[]> =>
  db.select().from(parties).orderBy(asc(parties.name))
export const listDesks = (db: Database): Promise<DeskRow[]> =>
  db.select().from(desks).orderBy(asc(desks.name))
export const listServices = (db: Database): Promise<ServiceRow[]> =>
  db.select().from(services).orderBy(asc(services.name))
export const listCalendars = (db: Database): Promise<CalendarRow[]> =>
  db.select().from(calendars).orderBy(asc(calendars.slug))
export const listAgreements = (db: Database): Promise<AgreementRow[]> =>
  db.select().from(agreements).orderBy(asc(agreements.slug), asc(agreements.version))

/** Bonds of these incidents; a VENDOR viewer sees only its own party's bond. */
export async function bondsByIncidentIds(
  db: Database,
  ids: readonly string[],
  scope: IncidentScope
): Promise<BondRow[]> {
  if (ids.length === 0) return []
  return db
    .select()
    .from(bonds)
    .where(
      and(inArray(bonds.incidentId, [...ids]), scope ? eq(bonds.partyId, scope.partyId) : undefined)
    )
    .orderBy(asc(bonds.createdAt))
}

export async function handoffsByIncidentIds(
  db: Database,
  ids: readonly string[]
): Promise<HandoffRow[]> {
  if (ids.length === 0) return []
  return db
    .select()
    .from(handoffs)
    .where(inArray(handoffs.incidentId, [...ids]))
    .orderBy(asc(handoffs.offeredAt))
}

/** Hand-offs by id, only on incidents within the viewer's scope. */
export async function handoffsByIds(
  db: Database,
  ids: readonly string[],
  scope: IncidentScope
): Promise<HandoffRow[]> {
  if (ids.length === 0) return []
  const rows = await db
    .select({ h: handoffs })
    .from(handoffs)
    .innerJoin(incidents, eq(incidents.id, handoffs.incidentId))
    .where(and(inArray(handoffs.id, [...ids]), incidentScopeCondition(scope)))
  return rows.map((r) => r.h)
}

export async function escalationsByIncidentIds(
  db: Database,
  ids: readonly string[]
): Promise<EscalationRecordRow[]> {
  if (ids.length === 0) return []
  return db
    .select()
    .from(escalations)
    .where(inArray(escalations.incidentId, [...ids]))
    .orderBy(asc(escalations.at))
}

const WORLD_TABLES = [
  'calendars',
  'parties',
  'desks',
  'services',
  'agreements',
  'ladders',
  'world_settings',
]

/**
 * A version stamp of the world tables: per table the row count and the sum and max of the row
 * versions (xmin), which any insert, update or delete changes. Equal stamps mean an unchanged
 * world, so a process may keep what it derived from it. About 0.1 ms; hashing the rows cost 1 ms.
 */
export async function worldFingerprint(db: Database): Promise<string> {
  let query = fingerprintQueries.get(db)
  if (!query) fingerprintQueries.set(db, (query = prepareFingerprint(db)))
  const [row] = await query.execute()
  return row!.fp
}

// Prepared once per handle: planning the seven subqueries costs more than running them.
const fingerprintQueries = new WeakMap<Database, ReturnType<typeof prepareFingerprint>>()
function prepareFingerprint(db: Database) {
  const parts = WORLD_TABLES.map(
    (t) =>
      `(select count(*) || '.' || coalesce(sum(xmin::text::bigint), 0) || '.' || coalesce(max(xmin::text::bigint), 0) from ${t})`
  )
  return db
    .select({ fp: sql<string>`${sql.raw(`concat_ws('|', ${parts.join(', ')})`)}` })
    .from(sql`(values (1)) as one`)
    .prepare('world_fingerprint')
}
