import type { IncidentEvent, Priority } from '../events/incident-event.ts'
import type { IncidentState } from '../custody/incident-state.ts'
import type { ClockCondition, ConditionParty } from '../world/clock-conditions.ts'
import type { World } from '../world/world.ts'
import { isRetained } from '../agreements/world-lookup.ts'

/** What conditions are matched against: the accepted events (rejected ones never happened). */
export type ConditionContext = {
  world: World
  events: readonly IncidentEvent[]
  custody: IncidentState
}
/** The clock's point of view: whose clock it is, and the agreement's customer. */
export type ClockParties = { self: string; customer: string | undefined }

// `assigned` names the party assigned to, not who assigned: it has a receiver and no actor.
const actorOf = (e: IncidentEvent): string | undefined =>
  e.type === 'handoff_offered'
    ? e.from
    : e.type === 'opened'
      ? e.holder
      : e.type === 'assigned'
        ? undefined
        : 'party' in e
          ? e.party
          : undefined

function receiverOf(e: IncidentEvent, s: IncidentState): string | undefined {
  if (e.type === 'handoff_offered') return e.to
  if (e.type === 'assigned') return e.party
  return 'handoffId' in e ? s.handoffs.find((h) => h.id === e.handoffId)?.to : undefined
}

/** The holder just before an instant: the segment that began before it (the opener at the start). */
function holderBefore(s: IncidentState, atMs: number): string {
  let holder = s.segments[0]?.party ?? s.holder
  for (const seg of s.segments) if (Date.parse(seg.from) < atMs) holder = seg.party
  return holder
}

function reasonsOf(e: IncidentEvent): string[] {
  const out: string[] = []
  if ('reason' in e && e.reason) out.push(e.reason)
  if ('reasonCode' in e && e.reasonCode) out.push(e.reasonCode)
  return out
}

function isParty(
  role: ConditionParty,
  slug: string | undefined,
  e: IncidentEvent,
  ctx: ConditionContext,
  parties: ClockParties
): boolean {
  if (slug === undefined) return false
  switch (role) {
    case 'self':
      return slug === parties.self
    case 'other':
      return slug !== parties.self
    case 'holder':
      return slug === holderBefore(ctx.custody, Date.parse(e.at))
    case 'receiver':
      return slug === receiverOf(e, ctx.custody)
    case 'retained':
      return isRetained(ctx.world, slug)
    case 'vendor':
      return !isRetained(ctx.world, slug)
    case 'customer':
      return parties.customer && parties.customer !== '*'
        ? slug === parties.customer
        : isRetained(ctx.world, slug)
  }
}

export function conditionMatches(
  c: ClockCondition,
  e: IncidentEvent,
  ctx: ConditionContext,
  parties: ClockParties
): boolean {
  const types: readonly string[] = typeof c.event === 'string' ? [c.event] : c.event
  if (!types.includes(e.type)) return false
  if (c.reason && !reasonsOf(e).some((r) => c.reason?.includes(r))) return false
  if (c.by && !isParty(c.by, actorOf(e), e, ctx, parties)) return false
  if (c.on && !isParty(c.on, e.type === 'waiting' ? e.on : undefined, e, ctx, parties)) return false
  if (c.to && !isParty(c.to, receiverOf(e, ctx.custody), e, ctx, parties)) return false
  if (c.priority && !(e.type === 'priority_changed' && c.priority.includes(e.priority)))
    return false
  return true
}

/** The instants (ascending) of the events that match any of the conditions. */
export function matchingInstants(
  conditions: readonly ClockCondition[] | undefined,
  ctx: ConditionContext,
  parties: ClockParties
): number[] {
  if (!conditions || conditions.length === 0) return []
  return ctx.events
    .filter((e) => conditions.some((c) => conditionMatches(c, e, ctx, parties)))
    .map((e) => Date.parse(e.at))
}

/** The priorities an incident has had, in order, each from the instant it took it. */
export function priorityHistory(
  events: readonly IncidentEvent[]
): Array<{ priority: Priority; from: number }> {
  const out: Array<{ priority: Priority; from: number }> = []
  for (const e of events) {
    if (e.type !== 'opened' && e.type !== 'priority_changed') continue
    if (out[out.length - 1]?.priority !== e.priority)
      out.push({ priority: e.priority, from: Date.parse(e.at) })
  }
  return out
}
