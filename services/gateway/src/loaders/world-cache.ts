import {
  listAgreements,
  listCalendars,
  listDesks,
  listParties,
  listServices,
  loadWorld,
  worldFingerprint,
  type AgreementRow,
  type CalendarRow,
  type Database,
  type DeskRow,
  type PartyRow,
  type ServiceRow,
} from '@baton/db'
import type { World } from '@baton/domain'

/**
 * The world tables and what is derived from them, valid while the world's fingerprint holds. Each
 * part loads on first use, so a request pays only for the parts it reads.
 */
export type WorldSnapshot = {
  world: () => Promise<World>
  parties: () => Promise<PartyRow[]>
  desks: () => Promise<DeskRow[]>
  calendars: () => Promise<CalendarRow[]>
  services: () => Promise<ServiceRow[]>
  agreements: () => Promise<AgreementRow[]>
  /**
   * Once the world is loaded, the function giving the world an incident opened at `openedAt` binds
   * to (one shared object per set of versions in force): synchronous, so resolvers holding it
   * answer without a promise.
   */
  pinner: () => Promise<(openedAt: Date) => World>
}

/** Per agreement slug, the newest version in force at `at`. */
export function pinWorld(world: World, at: Date): World {
  const inForce = new Map<string, World['agreements'][number]>()
  for (const a of world.agreements) {
    if (Date.parse(a.effectiveFrom) > at.getTime()) continue
    const seen = inForce.get(a.slug)
    if (!seen || seen.version < a.version) inForce.set(a.slug, a)
  }
  return { ...world, agreements: [...inForce.values()] }
}

/**
 * A memoised load that forgets a failure, so the next caller retries. The load is adopted into a
 * real promise: a drizzle query is a thenable that runs again on every `then`.
 */
function lazy<T>(load: () => PromiseLike<T>): () => Promise<T> {
  let p: Promise<T> | undefined
  return () => {
    if (!p) {
      const mine = Promise.resolve(load())
      p = mine
      mine.catch(() => {
        if (p === mine) p = undefined
      })
    }
    return p
  }
}

/** Pinned worlds keyed by how many version changes precede the opening: the set in force is the same. */
function pinnedWorlds(world: World): (openedAt: Date) => World {
  const changes = [...new Set(world.agreements.map((a) => Date.parse(a.effectiveFrom)))].sort(
    (x, y) => x - y
  )
  const pinned = new Map<number, World>()
  return (openedAt) => {
    const t = openedAt.getTime()
    let n = 0
    while (n < changes.length && changes[n]! <= t) n++
    let w = pinned.get(n)
    if (!w) pinned.set(n, (w = pinWorld(world, openedAt)))
    return w
  }
}

function snapshotOf(db: Database): WorldSnapshot {
  const world = lazy(() => loadWorld(db))
  // Sharing the pinned objects across requests keeps the domain's compiled calendars warm.
  const pinned = lazy(async () => pinnedWorlds(await world()))
  return {
    world,
    pinner: pinned,
    parties: lazy(() => listParties(db)),
    desks: lazy(() => listDesks(db)),
    calendars: lazy(() => listCalendars(db)),
    services: lazy(() => listServices(db)),
    agreements: lazy(() => listAgreements(db)),
  }
}

type WorldCache = { get: () => Promise<WorldSnapshot>; invalidate: () => void }
const caches = new WeakMap<Database, WorldCache>()

/**
 * The world snapshot for this database handle, shared by every request on it: a request asks
 * for the fingerprint (one statement) unless one was taken within `maxStaleMs`, and reloads when
 * it changed. Agreement versions are immutable, but calendars, desks and ladders are edited in
 * place, hence the fingerprint. A VENDOR request's own transaction handle gets its own
 * (per-request) cache. `maxStaleMs` is fixed by the first caller on a handle.
 */
export function worldSnapshotFor(
  db: Database,
  o: { maxStaleMs?: number } = {}
): () => Promise<WorldSnapshot> {
  let cache = caches.get(db)
  if (!cache) caches.set(db, (cache = createWorldCache(db, o.maxStaleMs ?? 0)))
  return cache.get
}

/** Forgets the last fingerprint check on this handle: the next request checks again (after a world change here). */
export function invalidateWorldSnapshot(db: Database): void {
  caches.get(db)?.invalidate()
}

function createWorldCache(db: Database, maxStaleMs: number): WorldCache {
  let current: { fingerprint: string; snapshot: WorldSnapshot } | undefined
  // A check counts only if no invalidation happened while it ran (a change may have committed then).
  let generation = 0
  let checked: { at: number; generation: number } | undefined
  let pending: Promise<WorldSnapshot> | undefined
  const check = async (): Promise<WorldSnapshot> => {
    const started = { at: performance.now(), generation }
    const fingerprint = await worldFingerprint(db)
    if (current?.fingerprint !== fingerprint) current = { fingerprint, snapshot: snapshotOf(db) }
    if (started.generation === generation && (!checked || started.at > checked.at))
      checked = started
    return current.snapshot
  }
  const get = (): Promise<WorldSnapshot> => {
    if (
      current &&
      checked &&
      checked.generation === generation &&
      performance.now() - checked.at < maxStaleMs
    )
      return Promise.resolve(current.snapshot)
    if (maxStaleMs <= 0) return check()
    // Within a bound, one check in flight serves every request that arrives meanwhile.
    return (pending ??= check().finally(() => {
      pending = undefined
    }))
  }
  return {
    get,
    invalidate: () => {
      generation++
      pending = undefined
    },
  }
}
