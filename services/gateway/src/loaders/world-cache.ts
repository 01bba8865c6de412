import {
  listAgreements, listCalendars, listDesks, listParties, listServices, loadWorld, worldFingerprint,
  type AgreementRow, type CalendarRow, type Database, type DeskRow, type PartyRow, type ServiceRow,
} from '@baton/db'
import type { World } from '@baton/domain'

/** The world tables and what is derived from them, valid while the world's fingerprint holds. */
export type WorldSnapshot = {
  world: World
  parties: PartyRow[]
  desks: DeskRow[]
  calendars: CalendarRow[]
  services: ServiceRow[]
  agreements: AgreementRow[]
  /** The world an incident opened at `openedAt` binds to; one shared object per set of versions in force. */
  pinnedAt: (openedAt: Date) => World
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

function snapshotOf(world: World, rows: Omit<WorldSnapshot, 'world' | 'pinnedAt'>): WorldSnapshot {
  // The versions in force change only at these instants, so the count of them at or before an
  // opening names its pinned world. Sharing the objects keeps the domain's compiled calendars warm.
  const changes = [...new Set(world.agreements.map((a) => Date.parse(a.effectiveFrom)))].sort((x, y) => x - y)
  const pinned = new Map<number, World>()
  return {
    world, ...rows,
    pinnedAt(openedAt) {
      const t = openedAt.getTime()
      let n = 0
      while (n < changes.length && changes[n]! <= t) n++
      let w = pinned.get(n)
      if (!w) pinned.set(n, (w = pinWorld(world, openedAt)))
      return w
    },
  }
}

async function loadSnapshot(db: Database): Promise<WorldSnapshot> {
  const [world, parties, desks, calendars, services, agreements] = await Promise.all([loadWorld(db), listParties(db), listDesks(db), listCalendars(db), listServices(db), listAgreements(db)])
  return snapshotOf(world, { parties, desks, calendars, services, agreements })
}

const caches = new WeakMap<Database, () => Promise<WorldSnapshot>>()

/**
 * The world snapshot for this database handle, shared by every request on it: each request asks
 * only for the fingerprint (one statement) and reloads when it changed. Agreement versions are
 * immutable, but calendars, desks and ladders are edited in place, hence the fingerprint.
 * A VENDOR request's own transaction handle gets its own (per-request) cache.
 */
export function worldSnapshotFor(db: Database): () => Promise<WorldSnapshot> {
  let get = caches.get(db)
  if (get) return get
  let current: { fingerprint: string; snapshot: Promise<WorldSnapshot> } | undefined
  get = async () => {
    const fingerprint = await worldFingerprint(db)
    if (current?.fingerprint !== fingerprint) {
      const entry = { fingerprint, snapshot: loadSnapshot(db) }
      current = entry
      entry.snapshot.catch(() => { if (current === entry) current = undefined })
    }
    return current.snapshot
  }
  caches.set(db, get)
  return get
}
