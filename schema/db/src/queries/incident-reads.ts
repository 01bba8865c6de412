import {
  and,
  asc,
  desc,
  eq,
  getTableColumns,
  gt,
  inArray,
  isNull,
  like,
  lte,
  or,
  sql,
  type Placeholder,
  type SQL,
} from 'drizzle-orm'
import type { PostgresJsPreparedQuery } from 'drizzle-orm/postgres-js'
import type { Database } from '../create-db.ts'
import { bonds, handoffs, incidents, ledgerEntries } from '../tables/incidents.ts'

export type IncidentRow = typeof incidents.$inferSelect
export type LedgerEntryRow = typeof ledgerEntries.$inferSelect
type BondRow = typeof bonds.$inferSelect
/** A VENDOR viewer sees only incidents bonded to its party; null means staff (everything). */
export type IncidentScope = { partyId: string } | null

export type IncidentListFilter = {
  status?: string[] | null
  priority?: string[] | null
  holderPartyId?: string | null
  /** involved: holder, bonded, or either side of a hand-off */
  partyId?: string | null
  serviceId?: string | null
  breached?: boolean | null
  /** unresolved incidents whose next deadline falls before this instant */
  atRiskBefore?: Date | null
  openedAfter?: Date | null
  openedBefore?: Date | null
}
export type IncidentCursor = { openedAt: Date; id: string }

const bondedTo = (partyId: string | Placeholder) =>
  sql`exists (select 1 from ${bonds} where ${bonds.incidentId} = ${incidents.id} and ${bonds.partyId} = ${partyId})`

export const incidentScopeCondition = (scope: IncidentScope): SQL | undefined =>
  scope ? bondedTo(scope.partyId) : undefined

function filterConditions(f: IncidentListFilter): (SQL | undefined)[] {
  return [
    f.status?.length ? inArray(incidents.status, f.status) : undefined,
    f.priority?.length ? inArray(incidents.priority, f.priority) : undefined,
    f.holderPartyId ? eq(incidents.holderPartyId, f.holderPartyId) : undefined,
    f.partyId
      ? or(
          eq(incidents.holderPartyId, f.partyId),
          bondedTo(f.partyId),
          sql`exists (select 1 from ${handoffs} where ${handoffs.incidentId} = ${incidents.id} and (${handoffs.fromPartyId} = ${f.partyId} or ${handoffs.toPartyId} = ${f.partyId}))`
        )
      : undefined,
    f.serviceId ? eq(incidents.serviceId, f.serviceId) : undefined,
    f.breached === true
      ? gt(incidents.breached, 0)
      : f.breached === false
        ? eq(incidents.breached, 0)
        : undefined,
    f.atRiskBefore
      ? and(isNull(incidents.resolvedAt), lte(incidents.nextDeadline, f.atRiskBefore))
      : undefined,
    f.openedAfter ? sql`${incidents.openedAt} >= ${f.openedAfter.toISOString()}` : undefined,
    f.openedBefore ? sql`${incidents.openedAt} < ${f.openedBefore.toISOString()}` : undefined,
  ]
}

// A list row's state without what list fields never read: the accountability spans, the ping-pong
// stats, and the persisted clocks of a live incident (its clocks are computed live from the events).
const listState = sql<unknown>`case when ${incidents.status} in ('RESOLVED', 'CLOSED') or not (${incidents.state} ? 'events')
    then ${incidents.state} - '{accountability,pingPong}'::text[] else ${incidents.state} - '{accountability,pingPong,clocks}'::text[] end`
const { state: _state, ...rowColumns } = getTableColumns(incidents)
// The row's version: PostgreSQL gives every write of a row a new xmin, so (id, xmin) names one
// state for good. Qualified by hand, as the bonds subquery below has its own table in scope.
const rowVersion = sql<string>`${sql.identifier('incidents')}.xmin::text`

// List rows are read raw (each column aliased to its field name), and timestamps come as epoch
// milliseconds (a number makes a Date far cheaper than parsing PostgreSQL's text): drizzle's
// generic row mapping was a measurable share of a page's CPU.
type RowColumns = typeof rowColumns
const timestampKeys = Object.entries(rowColumns)
  .filter(([, column]) => column.columnType === 'PgTimestamp')
  .map(([key]) => key)
const rowFields = Object.fromEntries(
  Object.entries(rowColumns).map(([key, column]) => [
    key,
    (timestampKeys.includes(key)
      ? sql`(extract(epoch from ${column}) * 1000)::float8`
      : sql`${column}`
    ).as(key),
  ])
) as { [K in keyof RowColumns]: SQL.Aliased<RowColumns[K]['_']['data']> }
function decodeRow(row: Record<string, unknown>) {
  for (const key of timestampKeys) if (row[key] != null) row[key] = new Date(row[key] as number)
}
/** The driver's rows of a prepared select, unmapped: every Database here is drizzle over postgres.js. */
const rawRows = <T>(prepared: object, values?: Record<string, unknown>) =>
  (prepared as PostgresJsPreparedQuery<{ execute: unknown; all: T[]; values: unknown }>).all(values)

/** createdAt in epoch milliseconds, as the timestamps of list rows. */
type BondJson = {
  id: string
  incidentId: string
  partyId: string
  vendorRef: string | null
  state: string
  createdAt: number
}

type Value = string | Placeholder

/** The bonds of each listed incident in the same statement (a VENDOR viewer sees only its own), oldest first.
 * The outer id is qualified by hand: drizzle leaves select-list columns bare, which would mean b.id here. */
const bondsOf = (party: Value | null) => sql<
  BondJson[]
>`(select coalesce(json_agg(json_build_object('id', b.id, 'incidentId', b.incident_id,
  'partyId', b.party_id, 'vendorRef', b.vendor_ref, 'state', b.state, 'createdAt', (extract(epoch from b.created_at) * 1000)::float8) order by b.created_at), '[]')
  from ${bonds} b where b.incident_id = ${sql.identifier('incidents')}.${sql.identifier('id')}${party ? sql` and b.party_id = ${party}` : sql``})`

function pageQuery(
  db: Database,
  o: {
    party: Value | null
    after: { at: Value; id: Value } | null
    filters: (SQL | undefined)[]
    limit: number | Placeholder
  }
) {
  return db
    .select({
      ...rowFields,
      version: rowVersion.as('version'),
      bonds: bondsOf(o.party).as('bonds'),
    })
    .from(incidents)
    .where(
      and(
        o.party ? bondedTo(o.party) : undefined,
        o.after
          ? sql`(${incidents.openedAt}, ${incidents.id}) < (${o.after.at}::timestamptz, ${o.after.id}::uuid)`
          : undefined,
        ...o.filters
      )
    )
    .orderBy(desc(incidents.openedAt), desc(incidents.id))
    .limit(o.limit)
}

// The unfiltered page (the console's default) as prepared statements, one per shape and handle:
// built once, and planned by PostgreSQL once per connection instead of on every request.
const preparedPages = new WeakMap<
  Database,
  Map<string, ReturnType<ReturnType<typeof pageQuery>['prepare']>>
>()
function preparedPage(db: Database, scoped: boolean, after: boolean) {
  let byShape = preparedPages.get(db)
  if (!byShape) preparedPages.set(db, (byShape = new Map()))
  const name = `incidents_page${scoped ? '_scoped' : ''}${after ? '_after' : ''}`
  let query = byShape.get(name)
  if (!query) {
    const at = (n: string) => sql.placeholder(n)
    byShape.set(
      name,
      (query = pageQuery(db, {
        party: scoped ? at('party') : null,
        after: after ? { at: at('afterAt'), id: at('afterId') } : null,
        filters: [],
        limit: at('limit'),
      }).prepare(name))
    )
  }
  return query
}

/**
 * Parsed list states by `${id}@${xmin}`. A state is the largest part of a row by far (every event of
 * the incident), and a page asks for the same rows again and again while they do not change: the
 * page statement leaves it out, and only rows whose version is not held here fetch it, in one more
 * statement. Bounded; the oldest entries go first. Process-wide: an id's xmin repeats only after
 * transaction ids wrap (billions of transactions), long after this FIFO has forgotten the entry.
 */
const listStates = new Map<string, unknown>()
const LIST_STATE_LIMIT = 10_000
const stateKey = (r: { id: string; version: string }) => `${r.id}@${r.version}`
function keepState(key: string, state: unknown) {
  if (listStates.size >= LIST_STATE_LIMIT) listStates.delete(listStates.keys().next().value!)
  listStates.set(key, state)
}

/**
 * One page of incidents, newest first, keyset-paginated on (opened_at, id), each with its bonds.
 * Fetches first + 1 to know if more follow.
 */
export async function listIncidents(
  db: Database,
  o: {
    scope: IncidentScope
    filter?: IncidentListFilter
    first: number
    after?: IncidentCursor | null
  }
) {
  const filters = filterConditions(o.filter ?? {}).filter((c) => c !== undefined)
  const after = o.after ? { at: o.after.openedAt.toISOString(), id: o.after.id } : null
  const party = o.scope?.partyId ?? null
  type ListRow = Omit<IncidentRow, 'state'> & {
    version: string
    bonds: BondJson[]
    state?: unknown
  }
  // Raw rows (`all`): fields already named, timestamps decoded below.
  const found =
    filters.length === 0
      ? await rawRows<ListRow>(preparedPage(db, party !== null, after !== null), {
          party,
          afterAt: after?.at,
          afterId: after?.id,
          limit: o.first + 1,
        })
      : await rawRows<ListRow>(
          pageQuery(db, { party, after, filters, limit: o.first + 1 }).prepare(
            'incidents_page_filtered'
          )
        )
  const rows = found.slice(0, o.first)
  for (const row of rows) decodeRow(row)
  const keys = rows.map(stateKey)
  const missing = rows.filter((_, i) => !listStates.has(keys[i]!))
  if (missing.length > 0) {
    // A row written since the page statement read it comes back newer: the whole row is taken from
    // here then, so its columns and its state always belong to the same version.
    const fresh = await rawRows<ListRow>(
      db
        .select({ ...rowFields, version: rowVersion.as('version'), state: listState.as('state') })
        .from(incidents)
        .where(
          inArray(
            incidents.id,
            missing.map((r) => r.id)
          )
        )
        .prepare('incidents_list_states')
    )
    const byId = new Map(fresh.map((r) => [r.id, r]))
    for (const [i, row] of rows.entries()) {
      const newer = byId.get(row.id)
      if (!newer) continue
      keepState(stateKey(newer), newer.state)
      if (newer.version !== row.version) {
        decodeRow(newer)
        rows[i] = { ...newer, bonds: row.bonds }
        keys[i] = stateKey(newer)
      }
    }
  }
  rows.forEach((row, i) => {
    row.state = listStates.get(keys[i]!) ?? {}
  })
  // Rows keep their `bonds` and `version` fields rather than being copied without them (a rest spread per row cost more).
  const bondsByIncident = new Map<string, BondRow[]>(
    rows.map((r) => [r.id, r.bonds.map((b) => ({ ...b, createdAt: new Date(b.createdAt) }))])
  )
  return { rows: rows as IncidentRow[], bondsByIncident, hasNextPage: found.length > o.first }
}

/** Incidents by id, within the viewer's scope (out-of-scope ids are simply absent). */
export async function incidentsByIds(
  db: Database,
  ids: readonly string[],
  scope: IncidentScope
): Promise<IncidentRow[]> {
  if (ids.length === 0) return []
  return db
    .select()
    .from(incidents)
    .where(and(inArray(incidents.id, [...ids]), incidentScopeCondition(scope)))
}

/** Incidents declared under any of these parents (linked incidents), within scope, oldest first. */
export async function childIncidentsByParentIds(
  db: Database,
  parentIds: readonly string[],
  scope: IncidentScope
): Promise<IncidentRow[]> {
  if (parentIds.length === 0) return []
  return db
    .select()
    .from(incidents)
    .where(and(inArray(incidents.parentId, [...parentIds]), incidentScopeCondition(scope)))
    .orderBy(asc(incidents.openedAt), asc(incidents.key))
}

export async function incidentsByKeys(
  db: Database,
  keys: readonly string[],
  scope: IncidentScope
): Promise<IncidentRow[]> {
  if (keys.length === 0) return []
  return db
    .select()
    .from(incidents)
    .where(and(inArray(incidents.key, [...keys]), incidentScopeCondition(scope)))
}

/** A page of one incident's ledger in sequence order, after the given seq; optionally only the
 * entries whose type starts with `typePrefix` (e.g. `attribution.`). */
export async function ledgerPage(
  db: Database,
  incidentId: string,
  o: { first: number; afterSeq?: number | null; typePrefix?: string | null }
) {
  const rows = await db
    .select()
    .from(ledgerEntries)
    .where(
      and(
        eq(ledgerEntries.incidentId, incidentId),
        o.afterSeq != null ? gt(ledgerEntries.seq, o.afterSeq) : undefined,
        o.typePrefix
          ? like(ledgerEntries.type, `${o.typePrefix.replace(/[\\%_]/g, '\\$&')}%`)
          : undefined
      )
    )
    .orderBy(asc(ledgerEntries.seq))
    .limit(o.first + 1)
  return { rows: rows.slice(0, o.first), hasNextPage: rows.length > o.first }
}

/** Every ledger entry of these incidents, in order (custody fallback when the projection has none). */
export async function ledgerEntriesByIncidentIds(
  db: Database,
  ids: readonly string[]
): Promise<LedgerEntryRow[]> {
  if (ids.length === 0) return []
  return db
    .select()
    .from(ledgerEntries)
    .where(inArray(ledgerEntries.incidentId, [...ids]))
    .orderBy(asc(ledgerEntries.incidentId), asc(ledgerEntries.seq))
}

export async function ledgerEntryBySeq(
  db: Database,
  incidentId: string,
  seq: number
): Promise<LedgerEntryRow | null> {
  const [row] = await db
    .select()
    .from(ledgerEntries)
    .where(and(eq(ledgerEntries.incidentId, incidentId), eq(ledgerEntries.seq, seq)))
  return row ?? null
}
