import type { AgreementConfig, World } from '../world/world.ts'
import type { Priority } from '../events/incident-event.ts'
import type { ClockMetric } from '../world/world.ts'
import { parseIsoDuration } from './iso-duration.ts'
import { isRetained } from './world-lookup.ts'

type Target = AgreementConfig['targets'][number]
/** One target of one agreement version, ready to measure. */
export type ResolvedTarget = { agreement: AgreementConfig; target: Target; targetMs: number; warnAt: number[] }

/**
 * Versions are immutable; an incident binds to the version in force when its clock started:
 * per slug, the highest effectiveFrom at or before `at` (ties: the higher version number).
 */
export function agreementsInForce(agreements: readonly AgreementConfig[], at: Date): AgreementConfig[] {
  const bySlug = new Map<string, AgreementConfig>()
  const t = at.getTime()
  for (const a of agreements) {
    const from = Date.parse(a.effectiveFrom)
    if (from > t) continue
    const current = bySlug.get(a.slug)
    const cf = current ? Date.parse(current.effectiveFrom) : -Infinity
    if (!current || from > cf || (from === cf && a.version > current.version)) bySlug.set(a.slug, a)
  }
  return [...bySlug.values()]
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
  for (const agreement of agreementsInForce(world.agreements, q.at)) {
    if (q.kind && agreement.kind !== q.kind) continue
    if (q.provider && agreement.provider !== q.provider) continue
    if (!coversService(agreement, q.serviceId)) continue
    agreement.targets.forEach((target, i) => {
      if (!target.priority.includes(q.priority) || (q.metric && target.metric !== q.metric)) return
      out.push({ agreement, target, targetMs: parseIsoDuration(target.duration, `${agreement.slug}.targets[${i}].duration`), warnAt: agreement.warnAt })
    })
  }
  return out
}

/** The one OLA that governs accepting a hand-off: the most specific (named parties beat '*'). */
export function handoffTargetFor(world: World, q: { at: Date; priority: Priority; serviceId?: string | undefined; from: string; to: string }): ResolvedTarget | undefined {
  const matches = (side: string | undefined, party: string) =>
    side === party ? 2 : side === '*' || side === undefined ? (isRetained(world, party) ? 0 : 1) : 0
  let best: { score: number; t: ResolvedTarget } | undefined
  for (const t of applicableTargets(world, { at: q.at, priority: q.priority, serviceId: q.serviceId, kind: 'OLA', metric: 'HANDOFF_ACCEPT' })) {
    const p = matches(t.agreement.provider, q.to)
    const c = matches(t.agreement.customer, q.from)
    if (p === 0 || c === 0) continue
    const score = p + c
    if (!best || score > best.score) best = { score, t }
  }
  return best?.t
}
