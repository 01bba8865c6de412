import type { Priority } from '../events/incident-event.ts'
import type { ClockConditions } from '../world/clock-conditions.ts'
import type { ClockSpec } from './clock-specs.ts'
import { applyConditions, mergeConditions } from './apply-conditions.ts'
import { priorityHistory, type ConditionContext } from './condition-match.ts'

const conditionsOf = (spec: ClockSpec): ClockConditions | undefined =>
  mergeConditions(spec.resolved.agreement.conditions, spec.resolved.target.conditions)

/** Each clock's built-in life narrowed by its conditions; clocks not yet started are left out. */
export function withConditions(specs: readonly ClockSpec[], ctx: ConditionContext): ClockSpec[] {
  return specs.flatMap((spec) => applyConditions(spec, conditionsOf(spec), ctx) ?? [])
}

const cancelsOnPriorityChange = (c: ClockConditions | undefined): boolean =>
  !!c?.cancel?.some((x) =>
    (typeof x.event === 'string' ? [x.event] : x.event).includes('priority_changed')
  )

/**
 * The clocks of priorities the incident no longer has, kept only where a target says a priority
 * change cancels it (otherwise the current priority's targets apply from the opening, as always).
 */
export function formerPrioritySpecs(
  ctx: ConditionContext,
  build: (priority: Priority) => ClockSpec[]
): ClockSpec[] {
  const current = ctx.custody.priority
  const former = [...new Set(priorityHistory(ctx.events).map((p) => p.priority))].filter(
    (p) => p !== current
  )
  return former.flatMap((p) =>
    build(p).filter(
      (spec) =>
        !spec.resolved.target.priority.includes(current) &&
        cancelsOnPriorityChange(conditionsOf(spec))
    )
  )
}
