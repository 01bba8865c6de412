import type { Interval } from '../calendar/open-intervals.ts'
import type { ClockCondition, ClockConditions } from '../world/clock-conditions.ts'
import type { ClockSpec } from './clock-specs.ts'
import { matchingInstants, priorityHistory, type ConditionContext } from './condition-match.ts'

/** The events that end a pause unless a target names its own: whatever ends a wait. */
export const DEFAULT_RESUME: readonly ClockCondition[] = [
  { event: ['resumed', 'handoff_accepted', 'assigned', 'reopened'] },
]

/** An agreement's conditions with its target's on top, list by list; undefined when neither has any. */
export function mergeConditions(
  agreement: ClockConditions | undefined,
  target: ClockConditions | undefined
): ClockConditions | undefined {
  if (!agreement && !target) return undefined
  return { ...agreement, ...target }
}

const clip = (spans: readonly Interval[], from: number, to: number): Interval[] =>
  spans.map(([a, b]): Interval => [Math.max(a, from), Math.min(b, to)]).filter(([a, b]) => b > a)

function subtract(spans: readonly Interval[], holes: readonly Interval[]): Interval[] {
  let out: Interval[] = [...spans]
  for (const [h0, h1] of holes)
    out = out.flatMap(([a, b]): Interval[] =>
      b <= h0 || a >= h1
        ? [[a, b]]
        : [...(a < h0 ? [[a, h0] as const] : []), ...(b > h1 ? [[h1, b] as const] : [])]
    )
  return out
}

/** Each pause runs from a pause event to the first resume event after it (for ever if none). */
function pauses(pauseAt: readonly number[], resumeAt: readonly number[]): Interval[] {
  return pauseAt.map((p): Interval => [p, resumeAt.find((r) => r > p) ?? Infinity])
}

/** The instant the incident last took one of these priorities (its opening if it always had one). */
function enteredPriority(ctx: ConditionContext, priorities: readonly string[]): number {
  let entered = -Infinity
  let inside = false
  for (const { priority, from } of priorityHistory(ctx.events)) {
    const now = priorities.includes(priority)
    if (now && !inside) entered = from
    inside = now
  }
  return entered
}

/**
 * A clock's built-in life (the spec) narrowed by its agreement's conditions; null while a start
 * condition has not matched. Without conditions the spec comes back untouched.
 */
export function applyConditions(
  spec: ClockSpec,
  conditions: ClockConditions | undefined,
  ctx: ConditionContext
): ClockSpec | null {
  if (!conditions) return spec
  const at = (list: readonly ClockCondition[] | undefined) =>
    matchingInstants(list, ctx, { self: spec.party, customer: spec.resolved.agreement.customer })
  let start = spec.startedAt
  if (conditions.start) {
    const s = at(conditions.start).find((t) => t >= spec.startedAt)
    if (s === undefined) return null
    start = s
  }
  if (conditions.retroactive === false)
    start = Math.max(start, enteredPriority(ctx, spec.resolved.target.priority))
  const resets = at(conditions.reset).filter((t) => t > start)
  start = resets[resets.length - 1] ?? start
  let spans = clip(spec.spans, start, Infinity)
  if (conditions.pause)
    spans = subtract(spans, pauses(at(conditions.pause), at(conditions.resume ?? DEFAULT_RESUME)))
  let { stopped, cancelled, stoppedAt } = spec
  // A built-in cancel earlier than a stop stands; at the same instant (resolved with an offer
  // open) the stop a target names wins.
  const cancelledBefore = (t: number) => cancelled && stoppedAt !== null && stoppedAt < t
  if (conditions.stop) {
    const s = at(conditions.stop).find((t) => t >= start)
    if (s !== undefined && !cancelledBefore(s))
      ({ stopped, cancelled, stoppedAt } = { stopped: true, cancelled: false, stoppedAt: s })
    else if (s === undefined)
      ({ stopped, stoppedAt } = { stopped: false, stoppedAt: cancelled ? stoppedAt : null })
  }
  const c = at(conditions.cancel).find((t) => t >= start)
  if (c !== undefined && !cancelledBefore(c) && !(stopped && stoppedAt !== null && stoppedAt <= c))
    ({ stopped, cancelled, stoppedAt } = { stopped: false, cancelled: true, stoppedAt: c })
  if (stoppedAt !== null) spans = clip(spans, -Infinity, stoppedAt)
  return {
    ...spec,
    spans,
    stopped,
    cancelled,
    stoppedAt,
    startedAt: start,
    ...(resets.length > 0 ? { resets: resets.length } : {}),
  }
}
