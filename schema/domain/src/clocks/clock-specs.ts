import type { Interval } from '../calendar/open-intervals.ts'
import type { Handoff, IncidentState, ResponseCycle } from '../custody/incident-state.ts'
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

/** The first item of each id (what `find` by id answers), in one pass rather than one per lookup. */
function firstById<T>(items: readonly T[], id: (x: T) => string | undefined): Map<string, T> {
  const out = new Map<string, T>()
  for (const x of items) {
    const k = id(x)
    if (k !== undefined && !out.has(k)) out.set(k, x)
  }
  return out
}

/** One HANDOFF_ACCEPT clock per offer, under the most specific OLA, on the receiving desk. */
export function handoffClockSpecs(
  world: World,
  s: IncidentState,
  priority: Priority = s.priority
): ClockSpec[] {
  const out: ClockSpec[] = []
  const cycles = firstById(s.responseCycles, (c) => c.handoffId)
  const memo = memoOf(world)
  for (const h of s.handoffs) {
    const cycle = cycles.get(h.id)?.cycle ?? 1
    // An offer's clock changes only with the offer (the reducer keeps the objects of the others),
    // the incident's binding and its cycle: a long incident does not redo its answered offers.
    const key = `${priority} ${cycle} ${s.openedAt} ${s.serviceId ?? ''}`
    let byKey = memo.get(h)
    if (!byKey) memo.set(h, (byKey = new Map()))
    let spec = byKey.get(key)
    if (spec === undefined) byKey.set(key, (spec = handoffSpec(world, s, h, priority, cycle)))
    if (spec) out.push(spec)
  }
  return out
}

const specMemo = new WeakMap<World, WeakMap<Handoff, Map<string, ClockSpec | null>>>()
function memoOf(world: World) {
  let memo = specMemo.get(world)
  if (!memo) specMemo.set(world, (memo = new WeakMap()))
  return memo
}

function handoffSpec(
  world: World,
  s: IncidentState,
  h: Handoff,
  priority: Priority,
  cycle: number
): ClockSpec | null {
  const resolved = handoffTargetFor(world, { ...bind(s, priority), from: h.from, to: h.to })
  if (!resolved) return null
  const start = ms(h.offeredAt)
  const end = ms(h.respondedAt)
  return {
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
  }
}

const cycleMemo = new WeakMap<World, WeakMap<ResponseCycle, Map<string, ClockSpec[]>>>()
function cycleMemoOf(world: World) {
  let memo = cycleMemo.get(world)
  if (!memo) cycleMemo.set(world, (memo = new WeakMap()))
  return memo
}

/** The UC response clocks of one response cycle. */
function cycleSpecs(
  world: World,
  s: IncidentState,
  c: ResponseCycle,
  h: Handoff | undefined,
  priority: Priority
): ClockSpec[] {
  const out: ClockSpec[] = []
  const measure = (r: ResolvedTarget, party: string, at: number, receivingDesk?: string) =>
    targetMeasure(world, r.target, { party, priority, at: new Date(at), receivingDesk })
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
  const handoffs = firstById(s.handoffs, (h) => h.id)
  const memo = cycleMemoOf(world)
  for (const c of s.responseCycles) {
    const h = c.handoffId ? handoffs.get(c.handoffId) : undefined
    // Like an offer's clock: the reducer keeps a cycle's object until it changes.
    const key = `${priority} ${s.openedAt} ${s.serviceId ?? ''} ${h?.toDesk ?? ''}`
    let byKey = memo.get(c)
    if (!byKey) memo.set(c, (byKey = new Map()))
    let specs = byKey.get(key)
    if (!specs) byKey.set(key, (specs = cycleSpecs(world, s, c, h, priority)))
    out.push(...specs)
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
