import type { IANAZone } from 'luxon'

const MINUTE = 60_000
const HOUR = 3_600_000
const DAY = 86_400_000

/** UTC offset in ms at a real instant. */
export const offsetAt = (zone: IANAZone, ms: number): number => zone.offset(ms) * MINUTE

/**
 * The constant-offset pieces covering every real instant whose local date is `localMidnight`'s
 * day: the offset before a transition `at`, and after it. Offsets lie in [-12h, +14h], so every
 * instant of the local day lies within [midnight - 14h, midnight + 24h + 12h]. One transition
 * per ~50 h is assumed (true of every zone in the tz database since 1970 bar curiosities).
 */
export type DayOffsets = { before: number; at: number; after: number }

// Shared by every calendar of a zone, so a freshly built calendar object is still fast.
const byZone = new Map<string, Map<number, DayOffsets>>()
const LIMIT = 50_000

export function dayOffsets(zone: IANAZone, localMidnight: number): DayOffsets {
  let days = byZone.get(zone.name)
  if (!days) byZone.set(zone.name, (days = new Map()))
  const hit = days.get(localMidnight)
  if (hit) return hit
  const found = findDayOffsets(zone, localMidnight)
  if (days.size >= LIMIT) days.clear()
  days.set(localMidnight, found)
  return found
}

/**
 * The same as offsetAt, from the cached offsets of the instant's UTC day (whose window holds it)
 * instead of asking the zone (Intl formatting, ~10 µs) every time; same one-transition premise.
 */
export function cachedOffsetAt(zone: IANAZone, ms: number): number {
  const { before, at, after } = dayOffsets(zone, Math.floor(ms / DAY) * DAY)
  return ms < at ? before : after
}

function findDayOffsets(zone: IANAZone, localMidnight: number): DayOffsets {
  const lo = localMidnight - 15 * HOUR
  const hi = localMidnight + 37 * HOUR
  const before = offsetAt(zone, lo)
  const after = offsetAt(zone, hi)
  if (before === after) return { before, at: hi, after }
  // Transitions fall on whole seconds: bisect in seconds for the first instant with `after`.
  let a = Math.floor(lo / 1000)
  let b = Math.ceil(hi / 1000)
  while (b - a > 1) {
    const mid = Math.floor((a + b) / 2)
    if (offsetAt(zone, mid * 1000) === before) a = mid
    else b = mid
  }
  return { before, at: b * 1000, after }
}
