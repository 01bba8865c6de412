import { patched } from '@temporalio/workflow'
import { evaluateLadder, type IncidentView } from '@baton/domain'
import type { IncidentRuntime } from './incident-runtime.ts'

export type PlannedEscalation = {
  key: string
  at: string
  reason: string
  step: number | null
  party: string
  desk: string | null
  recipients: string[]
  clock?: { id: string; metric: string; deadline: string | null; timeZone: string } | undefined
}

/**
 * Business-time steps follow the sun (counted across the party's desks, paging the desk open when
 * the step fires) from this patch on; runs started before it keep the cycle's first desk.
 */
const afterBusiness = () =>
  patched('ladder-after-business-follow-the-sun')
    ? ('follow-the-sun' as const)
    : ('cycle-desk' as const)
let last:
  | {
      view: IncidentView
      state: IncidentRuntime['state']
      at: number
      result: ReturnType<typeof evaluateLadder>
    }
  | undefined
/** Each loop turn asks for the due steps and then the next wake of the same view: evaluated once. */
const evaluate = (rt: IncidentRuntime, view: IncidentView, now: Date) => {
  if (last && last.view === view && last.state === rt.state && last.at === now.getTime())
    return last.result
  const result = evaluateLadder(
    { world: rt.world, state: rt.state, clocks: view.clocks, afterBusiness: afterBusiness() },
    now
  )
  last = { view, state: rt.state, at: now.getTime(), result }
  return result
}

/** The ladder steps due now, as escalations the workflow records and notifies once each. */
export function dueLadderEscalations(
  rt: IncidentRuntime,
  view: IncidentView,
  now: Date
): PlannedEscalation[] {
  return evaluate(rt, view, now).due.map((d) => {
    const clock = view.clocks.find(
      (c) =>
        c.party === d.party &&
        c.cycle === d.cycle &&
        (d.handoffId ? c.handoffId === d.handoffId : c.metric === 'RESPONSE')
    )
    return {
      key: d.key,
      at: d.at,
      reason: d.reason,
      step: d.step,
      party: d.party,
      desk: d.recipients.find((r) => r.party === d.party)?.desk ?? null,
      recipients: d.recipients.map((r) => (r.address ? `${r.name} <${r.address}>` : r.name)),
      clock: clock
        ? { id: clock.id, metric: clock.metric, deadline: clock.deadline, timeZone: clock.timeZone }
        : undefined,
    }
  })
}
dueLadderEscalations.nextWake = (rt: IncidentRuntime, view: IncidentView, now: Date): Date | null =>
  evaluate(rt, view, now).nextWakeAt
