import { patched } from '@temporalio/workflow'
import { evaluateDue, type DueEffects, type IncidentView } from '@baton/domain'
import type { IncidentRuntime } from './incident-runtime.ts'

/**
 * Business-time steps follow the sun (counted across the party's desks, paging the desk open when
 * the step fires) from this patch on; runs started before it keep the cycle's first desk.
 */
const afterBusiness = () =>
  patched('ladder-after-business-follow-the-sun')
    ? ('follow-the-sun' as const)
    : ('cycle-desk' as const)

let last:
  | { view: IncidentView; state: IncidentRuntime['state']; at: number; result: DueEffects }
  | undefined

/**
 * What the domain says is due on the incident now (evaluateDue, the answer the what-if replays):
 * each loop turn asks for the due effects and then the next wake of the same view, evaluated once.
 */
export function dueNow(rt: IncidentRuntime, now: Date): DueEffects {
  const view = rt.view(now)
  if (last && last.view === view && last.state === rt.state && last.at === now.getTime())
    return last.result
  const result = evaluateDue(
    { world: rt.world, state: rt.state, clocks: view.clocks, afterBusiness: afterBusiness() },
    now
  )
  last = { view, state: rt.state, at: now.getTime(), result }
  return result
}
