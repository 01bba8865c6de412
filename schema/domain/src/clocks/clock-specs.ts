import type { Interval } from '../calendar/open-intervals.ts'
import type { IncidentState } from '../custody/incident-state.ts'
import type { Priority } from '../events/incident-event.ts'
import type { ResolvedTarget } from '../agreements/agreements-in-force.ts'
import { applicableTargets, handoffTargetFor } from '../agreements/agreements-in-force.ts'
import { targetMeasure } from '../agreements/target-measure.ts'
import type { TargetMeasure } from '../agreements/target-measure.ts'
import type { ClockMetric, World } from '../world/world.ts'
import type { AccountableSpan } from './accountability.ts'

/** Everything needed to evaluate one clock. */
export type ClockSpec = {
  resolved: ResolvedTarget
  /** the priority whose target this is (the incident's current one, unless kept to be cancelled) */
  priority: Priority
  party: string
  metric: ClockMetric
  cycle: number
  handoffId: string | null
  spans: Interval[]
  stopped: boolean
  cancelled: boolean
  measure: TargetMeasure
  startedAt: number
  stoppedAt: number | null
  /** how often a reset condition started the clock over (a fresh clock each time, with its own id) */
  resets?: number
}

const ms = (iso: string | undefined): number => (iso === undefined ? Infinity : Date.parse(iso))
const bind = (s: IncidentState, priority: Priority) => ({
  at: new Date(s.openedAt),
  priority,
  serviceId: s.serviceId,
})

/** One HANDOFF_ACCEPT clock per offer, under the most specific OLA, on the receiving desk. */
export function handoffClockSpecs(
  world: World,
  s: IncidentState,
  priority: Priority = s.priority
): ClockSpec[] {
  const out: ClockSpec[] = []
  for (const h of s.handoffs) {
    const resolved = handoffTargetFor(world, { ...bind(s, priority), from: h.from, to: h.to })
    if (!resolved) continue
    const start = ms(h.offeredAt)
    const end = ms(h.respondedAt)
    const cycle = s.responseCycles.find((c) => c.handoffId === h.id)?.cycle ?? 1
    out.push({
      resolved,
      priority,
      party: h.to,
      metric: 'HANDOFF_ACCEPT',
      cycle,
      handoffId: h.id,
      spans: [[start, end]],
      stopped: h.state === 'ACCEPTED' || h.state === 'REJECTED',
      cancelled: h.state === 'WITHDRAWN',
      measure: targetMeasure(world, resolved.target, {
        party: h.to,
        priority,
        at: new Date(start),
        receivingDesk: h.toDesk,
      }),
      startedAt: start,
      stoppedAt: Number.isFinite(end) ? end : null,
    })
  }
  return out
}

/** End-to-end SLA clocks (open to resolve, whoever is accountable) and per-party UC clocks. */
export function partyClockSpecs(
  world: World,
  s: IncidentState,
  accountability: readonly AccountableSpan[],
  priority: Priority = s.priority
): ClockSpec[] {
  const out: ClockSpec[] = []
  const resolved = s.status === 'RESOLVED' || s.status === 'CLOSED'
  const active: Interval[] = s.activeSpans.map((sp) => [ms(sp.from), ms(sp.to)])
  const opened = ms(s.openedAt)
  const measure = (r: ResolvedTarget, party: string, at: number, receivingDesk?: string) =>
    targetMeasure(world, r.target, { party, priority, at: new Date(at), receivingDesk })
  for (const r of applicableTargets(world, { ...bind(s, priority), kind: 'SLA' })) {
    const party = r.agreement.provider
    const ack = ms(s.acknowledgedAt)
    const spans: Interval[] =
      r.target.metric === 'RESPONSE'
        ? [[opened, Math.min(ack, active[0]?.[1] ?? Infinity)]]
        : active
    const stopped =
      r.target.metric === 'RESPONSE' ? Number.isFinite(spans[0]?.[1] ?? Infinity) : resolved
    out.push({
      resolved: r,
      priority,
      party,
      metric: r.target.metric,
      cycle: 1,
      handoffId: null,
      spans,
      stopped,
      cancelled: false,
      measure: measure(r, party, opened),
      startedAt: opened,
      stoppedAt: stopped ? (spans[spans.length - 1]?.[1] ?? null) : null,
    })
  }
  for (const c of s.responseCycles) {
    const h = c.handoffId ? s.handoffs.find((x) => x.id === c.handoffId) : undefined
    for (const r of applicableTargets(world, {
      ...bind(s, priority),
      kind: 'UC',
      provider: c.party,
      metric: 'RESPONSE',
    })) {
      const start = ms(c.startedAt)
      const end = ms(c.endedAt)
      const cancelled = c.outcome === 'withdrawn' || c.outcome === 'resolved'
      out.push({
        resolved: r,
        priority,
        party: c.party,
        metric: 'RESPONSE',
        cycle: c.cycle,
        handoffId: c.handoffId ?? null,
        spans: [[start, end]],
        stopped: c.endedAt !== undefined && !cancelled,
        cancelled,
        measure: measure(r, c.party, start, h?.toDesk),
        startedAt: start,
        stoppedAt: Number.isFinite(end) ? end : null,
      })
    }
  }
  const parties = [...new Set(accountability.map((a) => a.party))]
  for (const party of parties) {
    const spans: Interval[] = accountability
      .filter((a) => a.party === party)
      .map((a) => [a.from, a.to])
    const first = spans[0]?.[0] ?? opened
    for (const r of applicableTargets(world, {
      ...bind(s, priority),
      kind: 'UC',
      provider: party,
      metric: 'RESOLUTION',
    })) {
      out.push({
        resolved: r,
        priority,
        party,
        metric: 'RESOLUTION',
        cycle: 1,
        handoffId: null,
        spans,
        stopped: resolved,
        cancelled: false,
        measure: measure(r, party, first),
        startedAt: first,
        stoppedAt: resolved ? ms(s.resolvedAt) : null,
      })
    }
  }
  return out
}
