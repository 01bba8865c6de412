import type { IncidentEvent, Priority } from '../events/incident-event.ts'
import type { World } from '../world/world.ts'
import type { ApplyOptions } from '../custody/apply-options.ts'
import { deriveCustody } from '../custody/derive-custody.ts'
import type { Custody } from '../custody/derive-custody.ts'
import { applyIncidentEvent } from '../custody/apply-incident-event.ts'
import type { IncidentState } from '../custody/incident-state.ts'
import { accountableAt, deriveAccountability } from './accountability.ts'
import type { AccountableSpan } from './accountability.ts'
import { handoffClockSpecs, partyClockSpecs } from './clock-specs.ts'
import type { ClockSpec } from './clock-specs.ts'
import { evaluateClock } from './evaluate-clock.ts'
import { formerPrioritySpecs, withConditions } from './conditioned-specs.ts'
import { DEFAULT_RESUME } from './apply-conditions.ts'
import type { ConditionContext } from './condition-match.ts'
import type { ClockFigures } from './evaluate-clock.ts'
import { isoOrNull } from './clock-view.ts'
import type { ClockView } from './clock-view.ts'

export type ComputeClocksInput = {
  events: readonly IncidentEvent[]
  world: World
  options?: ApplyOptions & { warnAt?: number[] }
}

export type IncidentView = {
  custody: Custody
  accountability: AccountableSpan[]
  clocks: ClockView[]
}

/** Custody, accountability and every clock as of `now`; events after `now` are not yet facts. */
export function computeIncidentView(input: ComputeClocksInput, now: Date): IncidentView {
  return incidentViewAt(prepareIncidentView(input), now)
}

/**
 * What an incident's view needs that does not depend on `now`, for a caller that asks for the
 * same events again (the gateway, per persisted projection): the answers equal computeIncidentView's.
 * Its custody, accountability and clock specs are shared by every view taken from it: read-only.
 */
export type PreparedIncidentView = {
  input: ComputeClocksInput
  atMs: number[]
  /** the latest event instant (NaN if one is unreadable): a `now` at or past it sees every event */
  maxAtMs: number
  cores: Map<string, PreparedCore>
}

type PreparedCore = {
  custody: Custody
  /** the folded state custody was built from (custody without `rejected`), to advance it */
  state: IncidentState
  /** null before the opening: no clocks */
  ctx: ConditionContext | null
  olaSpecs: ClockSpec[]
  /** party clock specs and accountability per set of overdue offers (they change only when an OLA breaches) */
  byOverdue: Map<string, { accountability: AccountableSpan[]; partySpecs: ClockSpec[] }>
}

export function prepareIncidentView(input: ComputeClocksInput): PreparedIncidentView {
  const atMs = input.events.map((e) => Date.parse(e.at))
  return { input, atMs, maxAtMs: maxOf(atMs), cores: new Map() }
}

// NaN sticks: an unreadable instant is never a fact, so such a view takes the slow path.
const maxOf = (xs: readonly number[]) =>
  xs.reduce((m, t) => (t > m || Number.isNaN(t) ? t : m), -Infinity)

/**
 * The prepared view of the same events with one more appended, for a caller that folds an
 * incident event by event (the incident workflow, the what-if). Equal to
 * prepareIncidentView({ ...input, events: [...events, event] }), without redoing the events
 * already folded: custody advances by one reducer step, and an event that changes neither the
 * state nor anything a clock condition matches (a comment, mostly) reuses every clock spec. Only
 * the view of every event (a `now` at or past the last one) is carried; a view that leaves some
 * events out is prepared afresh, as before. `prepared` keeps its answers (it may gain the core of
 * all its events, which it would compute the same way when asked).
 */
export function advanceIncidentView(
  prepared: PreparedIncidentView,
  event: IncidentEvent
): PreparedIncidentView {
  const { input } = prepared
  const t = Date.parse(event.at)
  const next: PreparedIncidentView = {
    input: { ...input, events: [...input.events, event] },
    atMs: [...prepared.atMs, t],
    maxAtMs: maxOf([prepared.maxAtMs, t]),
    cores: new Map(),
  }
  // The core of every event so far, taken once if no view asked for it yet; then carried. Events
  // the world cannot resolve make it throw: then no core is carried, and a view throws (or not,
  // if `now` leaves those events out) exactly as the recompute would.
  try {
    let whole = prepared.cores.get('')
    if (!whole) {
      whole = prepareCore(input, input.events)
      if (prepared.cores.size >= 16) prepared.cores.clear()
      prepared.cores.set('', whole)
    }
    next.cores.set('', advanceCore(input, whole, event, input.events.length))
  } catch {
    // left to incidentViewAt
  }
  return next
}

/** The event types some clock condition of the world names (per world object). */
const conditionTypesOf = new WeakMap<World, ReadonlySet<string>>()
function conditionTypes(world: World): ReadonlySet<string> {
  let types = conditionTypesOf.get(world)
  if (!types) {
    // A pause without its own resume list ends on the default resume events.
    const found = new Set<string>(DEFAULT_RESUME.flatMap((c) => c.event))
    for (const a of world.agreements)
      for (const c of [a.conditions, ...a.targets.map((x) => x.conditions)])
        for (const list of Object.values(c ?? {}))
          if (Array.isArray(list))
            for (const cond of list as Array<{ event: string | string[] }>)
              for (const e of typeof cond.event === 'string' ? [cond.event] : cond.event)
                found.add(e)
    conditionTypesOf.set(world, (types = found))
  }
  return types
}

/** The core of the events so far plus one: prepareCore's answer, from the last one's. */
function advanceCore(
  input: ComputeClocksInput,
  core: PreparedCore,
  event: IncidentEvent,
  index: number
): PreparedCore {
  const r = applyIncidentEvent(core.state, event, {
    pingPong: input.options?.pingPong ?? input.world.pingPong,
  })
  if (!r.ok) {
    // A rejected event is in no clock's input: only the custody's list of rejections grows.
    const custody: Custody = {
      ...core.state,
      rejected: [...core.custody.rejected, { index, event, error: r.error }],
    }
    return { ...core, custody, ...(core.ctx ? { ctx: { ...core.ctx, custody } } : {}) }
  }
  // Conditions match the events of the types they name, and former priorities come from the
  // opening and priority changes: other events are in no clock's input unless the state moved.
  const matched =
    event.type === 'opened' ||
    event.type === 'priority_changed' ||
    conditionTypes(input.world).has(event.type)
  if (r.value === core.state && !matched) return core
  const state = r.value
  const custody: Custody = { ...state, rejected: core.custody.rejected }
  if (!custody.opened) return { custody, state, ctx: null, olaSpecs: [], byOverdue: new Map() }
  const events = core.ctx?.events ?? []
  return coreOf(input.world, custody, state, matched ? [...events, event] : events)
}

/**
 * The view of a prepared incident as of `now` (computeIncidentView, without redoing what `now`
 * leaves alone). `offersOnly`: only the hand-off (OLA) clocks, each as in the full view, for a
 * caller that only asks whether an offer is overdue (the what-if, before each event).
 */
export function incidentViewAt(
  prepared: PreparedIncidentView,
  now: Date,
  { offersOnly = false }: { offersOnly?: boolean } = {}
): IncidentView {
  const nowMs = now.getTime()
  const { input } = prepared
  // One core per set of events already facts at `now` (named by those that are not yet, if any).
  let key = ''
  if (!(prepared.maxAtMs <= nowMs))
    prepared.atMs.forEach((t, i) => {
      if (!(t <= nowMs)) key += `${i} `
    })
  let core = prepared.cores.get(key)
  if (!core) {
    core = prepareCore(
      input,
      key === '' ? input.events : input.events.filter((_, i) => prepared.atMs[i]! <= nowMs)
    )
    // Bounded: the set grows by one event at a time as `now` passes them.
    if (prepared.cores.size >= 16) prepared.cores.clear()
    prepared.cores.set(key, core)
  }
  const { custody, ctx, olaSpecs } = core
  if (!ctx) return { custody, accountability: [], clocks: [] }
  const warnAt = input.options?.warnAt
  const run = (spec: ClockSpec) => {
    const thresholds = warnAt ?? spec.resolved.warnAt
    // A clock whose every span ended by now has figures that no later now changes (an answered
    // offer, mostly): each spec object is measured once, not once per view.
    const settled = spec.spans.every(([, b]) => b <= nowMs)
    const key = thresholds.join(' ')
    const hit = settled ? settledFigures.get(spec) : undefined
    if (hit && hit.warnAt === key) return hit.figures
    const figures = evaluateClock({
      spans: spec.spans,
      stopped: spec.stopped,
      cancelled: spec.cancelled,
      source: spec.measure.source,
      targetMs: spec.resolved.targetMs,
      nowMs,
      warnAt: thresholds,
    })
    if (settled) settledFigures.set(spec, { warnAt: key, figures })
    return figures
  }
  // OLA clocks first: an overdue offer makes the receiver accountable, which drives the rest.
  const olaFigures = olaSpecs.map(run)
  const overdueAt = new Map<string, number>()
  const firstSpec = new Map<string, number>()
  olaSpecs.forEach((sp, i) => {
    if (sp.handoffId && sp.priority === custody.priority && !firstSpec.has(sp.handoffId))
      firstSpec.set(sp.handoffId, i)
  })
  custody.handoffs.forEach((h) => {
    const i = firstSpec.get(h.id) ?? -1
    const breach = olaFigures[i]?.breachedAt ?? Infinity
    const expired = h.expiredAt ? Date.parse(h.expiredAt) : Infinity
    const at = Math.min(breach, expired)
    if (Number.isFinite(at)) overdueAt.set(h.id, at)
  })
  if (offersOnly) {
    const accountability = deriveAccountability(custody, overdueAt)
    const clocks = olaSpecs.map((spec, i) =>
      toView(spec, olaFigures[i]!, accountability, custody.priority, warnAt)
    )
    return { custody, accountability, clocks }
  }
  const { accountability, partySpecs } = partyPart(core, ctx, input.world, overdueAt)
  const clocks = [
    ...partySpecs.map((spec) => toView(spec, run(spec), accountability, custody.priority, warnAt)),
    ...olaSpecs.map((spec, i) =>
      toView(spec, olaFigures[i] ?? run(spec), accountability, custody.priority, warnAt)
    ),
  ]
  return { custody, accountability, clocks }
}

/** evaluateClock's figures of specs whose spans all ended (the same at any later now); read-only. */
const settledFigures = new WeakMap<ClockSpec, { warnAt: string; figures: ClockFigures }>()

/** Custody, the condition context and the OLA specs of these events. */
function prepareCore(input: ComputeClocksInput, events: readonly IncidentEvent[]): PreparedCore {
  const custody = deriveCustody(events, {
    pingPong: input.options?.pingPong ?? input.world.pingPong,
  })
  const { rejected: _, ...state } = custody
  if (!custody.opened) return { custody, state, ctx: null, olaSpecs: [], byOverdue: new Map() }
  const rejected = new Set(custody.rejected.map((r) => r.index))
  return coreOf(
    input.world,
    custody,
    state,
    events.filter((_, i) => !rejected.has(i))
  )
}

/** The condition context and OLA specs of an opened custody over its accepted events. */
function coreOf(
  world: World,
  custody: Custody,
  state: IncidentState,
  accepted: readonly IncidentEvent[]
): PreparedCore {
  const ctx: ConditionContext = { world, events: accepted, custody }
  const olaSpecs = withConditions(
    [
      ...handoffClockSpecs(world, custody),
      ...formerPrioritySpecs(ctx, (p) => handoffClockSpecs(world, custody, p)),
    ],
    ctx
  )
  return { custody, state, ctx, olaSpecs, byOverdue: new Map() }
}

function partyPart(
  core: PreparedCore,
  ctx: ConditionContext,
  world: World,
  overdueAt: ReadonlyMap<string, number>
) {
  const key = [...overdueAt].map(([id, at]) => `${id}@${at}`).join(' ')
  let part = core.byOverdue.get(key)
  if (!part) {
    const { custody } = core
    const accountability = deriveAccountability(custody, overdueAt)
    const partySpecs = withConditions(
      [
        ...partyClockSpecs(world, custody, accountability),
        ...formerPrioritySpecs(ctx, (p) => partyClockSpecs(world, custody, accountability, p)),
      ],
      ctx
    )
    // Bounded: an incident has few offers, and each breaches once.
    if (core.byOverdue.size >= 16) core.byOverdue.clear()
    core.byOverdue.set(key, (part = { accountability, partySpecs }))
  }
  return part
}

/** Every clock of an incident as of `now` (docs/agreements.md, "Each metric's built-in life"). */
export function computeClocks(input: ComputeClocksInput, now: Date): ClockView[] {
  return computeIncidentView(input, now).clocks
}

function toView(
  spec: ClockSpec,
  f: ClockFigures,
  accountability: readonly AccountableSpan[],
  current: Priority,
  warnAt: number[] | undefined
): ClockView {
  const a = spec.resolved.agreement
  // A clock kept from a former priority (to show it cancelled) is told apart by that priority.
  // A clock started over by a reset is a new clock: its marks (warnings, breach) fire afresh.
  const former = spec.priority === current ? '' : `/${spec.priority}`
  const reset = spec.resets ? `/reset${spec.resets}` : ''
  return {
    id: `${a.slug}@${a.version}/${spec.metric}/${spec.party}/${spec.cycle}${former}${reset}`,
    agreement: { slug: a.slug, version: a.version, kind: a.kind, name: a.name },
    party: spec.party,
    priority: spec.priority,
    metric: spec.metric,
    targetMs: spec.resolved.targetMs,
    elapsedMs: f.elapsedMs,
    remainingMs: f.remainingMs,
    deadline: isoOrNull(f.deadline),
    state: f.state,
    breachedAt: isoOrNull(f.breachedAt),
    attributedTo:
      f.breachedAt === null ? null : (accountableAt(accountability, f.breachedAt) ?? spec.party),
    handoffId: spec.handoffId,
    cycle: spec.cycle,
    warnAt: [...(warnAt ?? spec.resolved.warnAt)],
    warningsCrossed: [...f.warningsCrossed],
    nextWarningAt: isoOrNull(f.nextWarningAt),
    thresholds: f.thresholds.map((t) => ({ percent: t.percent, at: isoOrNull(t.at) })),
    calendar: spec.measure.calendar,
    timeZone: spec.measure.timeZone,
    startedAt: new Date(spec.startedAt).toISOString(),
    stoppedAt: isoOrNull(spec.stoppedAt),
  }
}
