import type { AgreementConfig, World } from '../world/world.ts'
import type { Priority } from '../events/incident-event.ts'
import type { ClockMetric } from '../world/world.ts'
import { parseIsoDuration } from './iso-duration.ts'
import { isRetained } from './world-lookup.ts'

type Target = AgreementConfig['targets'][number]
/** One target of one agreement version, ready to measure. */
export type ResolvedTarget = {
  agreement: AgreementConfig
  target: Target
  targetMs: number
  warnAt: number[]
}

/**
 * Versions are immutable; an incident binds to the version in force when its clock started:
 * per slug, the highest effectiveFrom at or before `at` (ties: the higher version number).
 */
export function agreementsInForce(
  agreements: readonly AgreementConfig[],
  at: Date
): AgreementConfig[] {
  return [...inForce(agreements, at.getTime())]
}

function pickInForce(agreements: readonly AgreementConfig[], t: number): AgreementConfig[] {
  const bySlug = new Map<string, AgreementConfig>()
  for (const a of agreements) {
    const from = Date.parse(a.effectiveFrom)
    if (from > t) continue
    const current = bySlug.get(a.slug)
    const cf = current ? Date.parse(current.effectiveFrom) : -Infinity
    if (!current || from > cf || (from === cf && a.version > current.version)) bySlug.set(a.slug, a)
  }
  return [...bySlug.values()]
}

// The set in force changes only at an effectiveFrom, so per list of agreements it is kept per
// number of those instants passed. The list is checked item by item, so a list edited in place
// is never answered from a stale entry (the agreements themselves are values, never edited).
type InForceCache = {
  items: readonly AgreementConfig[]
  changes: number[]
  bySlot: Map<number, readonly AgreementConfig[]>
}
const inForceCaches = new WeakMap<readonly AgreementConfig[], InForceCache>()

function inForce(agreements: readonly AgreementConfig[], t: number): readonly AgreementConfig[] {
  if (Number.isNaN(t)) return pickInForce(agreements, t)
  let cache = inForceCaches.get(agreements)
  if (
    !cache ||
    cache.items.length !== agreements.length ||
    cache.items.some((a, i) => a !== agreements[i])
  ) {
    // A malformed effectiveFrom (NaN) is in force at every instant in pickInForce: it marks no change.
    const changes = [...new Set(agreements.map((a) => Date.parse(a.effectiveFrom)))]
      .filter((x) => !Number.isNaN(x))
      .sort((x, y) => x - y)
    inForceCaches.set(agreements, (cache = { items: [...agreements], changes, bySlot: new Map() }))
  }
  let slot = 0
  while (slot < cache.changes.length && cache.changes[slot]! <= t) slot++
  let found = cache.bySlot.get(slot)
  if (!found) cache.bySlot.set(slot, (found = pickInForce(agreements, t)))
  return found
}

export type TargetQuery = {
  at: Date
  priority: Priority
  serviceId?: string | undefined
  kind?: AgreementConfig['kind']
  metric?: ClockMetric
  provider?: string
}

const coversService = (a: AgreementConfig, serviceId: string | undefined) =>
  a.services.length === 0 || (serviceId !== undefined && a.services.includes(serviceId))

/** Every target in force that applies to an incident of this priority and service. */
export function applicableTargets(world: World, q: TargetQuery): ResolvedTarget[] {
  const out: ResolvedTarget[] = []
  for (const agreement of inForce(world.agreements, q.at.getTime())) {
    if (q.kind && agreement.kind !== q.kind) continue
    if (q.provider && agreement.provider !== q.provider) continue
    if (!coversService(agreement, q.serviceId)) continue
    agreement.targets.forEach((target, i) => {
      if (!target.priority.includes(q.priority) || (q.metric && target.metric !== q.metric)) return
      out.push({
        agreement,
        target,
        targetMs: parseIsoDuration(target.duration, `${agreement.slug}.targets[${i}].duration`),
        warnAt: agreement.warnAt,
      })
    })
  }
  return out
}

/** The one OLA that governs accepting a hand-off: the most specific (named parties beat '*'). */
export function handoffTargetFor(
  world: World,
  q: { at: Date; priority: Priority; serviceId?: string | undefined; from: string; to: string }
): ResolvedTarget | undefined {
  const matches = (side: string | undefined, party: string) =>
    side === party ? 2 : side === '*' || side === undefined ? (isRetained(world, party) ? 0 : 1) : 0
  let best: { score: number; t: ResolvedTarget } | undefined
  for (const t of applicableTargets(world, {
    at: q.at,
    priority: q.priority,
    serviceId: q.serviceId,
    kind: 'OLA',
    metric: 'HANDOFF_ACCEPT',
  })) {
    const p = matches(t.agreement.provider, q.to)
    const c = matches(t.agreement.customer, q.from)
    if (p === 0 || c === 0) continue
    const score = p + c
    if (!best || score > best.score) best = { score, t }
  }
  return best?.t
}
