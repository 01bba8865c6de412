import DataLoader from 'dataloader'
import {
  bondMessagesByIncidentIds,
  bondsByIncidentIds,
  childIncidentsByParentIds,
  escalationsByIncidentIds,
  handoffsByIds,
  handoffsByIncidentIds,
  incidentsByIds,
  incidentsByKeys,
  ledgerEntriesByIncidentIds,
  type BondMessageRow,
  type BondRow,
  type Database,
  type EscalationRecordRow,
  type HandoffRow,
  type IncidentRow,
  type IncidentScope,
  type LedgerEntryRow,
} from '@baton/db'
import type { Viewer } from '../auth/viewer.ts'
import { isUuid } from '@baton/domain'
import { worldSnapshotFor } from './world-cache.ts'

export { isUuid }

/**
 * Memoises one load for the request: the world tables are small, so one query serves every lookup.
 * `peek()` gives the value once loaded, so hot per-row resolvers can answer without a promise.
 */
function once<T>(load: () => Promise<T>): (() => Promise<T>) & { peek: () => T | undefined } {
  let p: Promise<T> | undefined
  let value: T | undefined
  return Object.assign(() => (p ??= load().then((v) => (value = v))), { peek: () => value })
}

const indexBy = <T, K>(rows: T[], key: (r: T) => K) => new Map(rows.map((r) => [key(r), r]))
function groupBy<T>(rows: T[], key: (r: T) => string): Map<string, T[]> {
  const m = new Map<string, T[]>()
  for (const r of rows) {
    const k = key(r)
    const list = m.get(k)
    if (list) list.push(r)
    else m.set(k, [r])
  }
  return m
}

/** A batch loader of one row per key (null when absent or out of scope), in key order. */
function rowLoader<T>(
  fetch: (keys: readonly string[]) => Promise<T[]>,
  key: (r: T) => string,
  valid: (k: string) => boolean = () => true
) {
  return new DataLoader<string, T | null>(async (keys) => {
    const rows = indexBy(await fetch(keys.filter(valid)), key)
    return keys.map((k) => rows.get(k) ?? null)
  })
}
function listLoader<T>(fetch: (keys: readonly string[]) => Promise<T[]>, key: (r: T) => string) {
  return new DataLoader<string, T[]>(async (keys) => {
    const groups = groupBy(await fetch(keys.filter(isUuid)), key)
    return keys.map((k) => groups.get(k) ?? [])
  })
}

/**
 * Per-request loaders, scoped by the viewer: a VENDOR viewer's incident loads filter on its bonds in SQL.
 * `worldMaxStaleMs`: how old a world fingerprint check may be before a request takes a new one.
 */
export function createLoaders(db: Database, viewer: Viewer, o: { worldMaxStaleMs?: number } = {}) {
  const scope: IncidentScope =
    viewer.role === 'VENDOR' && viewer.partyId ? { partyId: viewer.partyId } : null
  // The world tables come from the process-wide snapshot (at most one fingerprint statement per request).
  const snapshot = once(worldSnapshotFor(db, { maxStaleMs: o.worldMaxStaleMs }))
  const parties = once(async () => {
    const rows = await (await snapshot()).parties()
    return { rows, byId: indexBy(rows, (r) => r.id), bySlug: indexBy(rows, (r) => r.slug) }
  })
  const desks = once(async () => {
    const rows = await (await snapshot()).desks()
    return { rows, byId: indexBy(rows, (r) => r.id), byParty: groupBy(rows, (r) => r.partyId) }
  })
  const calendars = once(async () => {
    const rows = await (await snapshot()).calendars()
    return { rows, bySlug: indexBy(rows, (r) => r.slug) }
  })
  const services = once(async () => {
    const rows = await (await snapshot()).services()
    return { rows, byId: indexBy(rows, (r) => r.id), bySlug: indexBy(rows, (r) => r.slug) }
  })
  const agreements = once(async () => {
    const rows = await (await snapshot()).agreements()
    return {
      rows,
      byId: indexBy(rows, (r) => r.id),
      bySlugVersion: indexBy(rows, (r) => `${r.slug}@${r.version}`),
    }
  })
  const world = once(async () => (await snapshot()).world())
  const pinner = once(async () => (await snapshot()).pinner())
  return {
    scope,
    parties,
    desks,
    calendars,
    services,
    agreements,
    world,
    snapshot,
    pinner,
    /** The bonds that came with the incidents page's rows, by incident id: read without a promise. */
    pageBonds: new Map<string, BondRow[]>(),
    incident: rowLoader<IncidentRow>(
      (ids) => incidentsByIds(db, ids, scope),
      (r) => r.id,
      isUuid
    ),
    incidentByKey: rowLoader<IncidentRow>(
      (keys) => incidentsByKeys(db, keys, scope),
      (r) => r.key
    ),
    /** Linked incidents by parent id (Incident.children), scoped like every incident load. */
    childrenByParent: new DataLoader<string, IncidentRow[]>(async (ids) => {
      const groups = groupBy(
        await childIncidentsByParentIds(db, ids.filter(isUuid), scope),
        (r) => r.parentId ?? ''
      )
      return ids.map((id) => groups.get(id) ?? [])
    }),
    handoff: rowLoader<HandoffRow>(
      (ids) => handoffsByIds(db, ids, scope),
      (r) => r.id
    ),
    // The nested loaders below are reached only through an incident already loaded within scope.
    bondsByIncident: listLoader<BondRow>(
      (ids) => bondsByIncidentIds(db, ids, scope),
      (r) => r.incidentId
    ),
    handoffsByIncident: listLoader<HandoffRow>(
      (ids) => handoffsByIncidentIds(db, ids),
      (r) => r.incidentId
    ),
    escalationsByIncident: listLoader<EscalationRecordRow>(
      (ids) => escalationsByIncidentIds(db, ids),
      (r) => r.incidentId
    ),
    ledgerByIncident: listLoader<LedgerEntryRow>(
      (ids) => ledgerEntriesByIncidentIds(db, ids),
      (r) => r.incidentId
    ),
    /** The newest message each way per party of each incident (Bond.lastInbound / lastOutbound). */
    bondMessagesByIncident: listLoader<BondMessageRow>(
      (ids) => bondMessagesByIncidentIds(db, ids),
      (r) => r.incidentId
    ),
  }
}
export type Loaders = ReturnType<typeof createLoaders>
