import type { IncidentEvent } from '../events/incident-event.ts'
import type { World } from '../world/world.ts'
import { applyIncidentEvent } from '../custody/apply-incident-event.ts'
import { emptyIncidentState, type IncidentState } from '../custody/incident-state.ts'
import type { RejectedEvent } from '../custody/derive-custody.ts'
import { computeIncidentView, type IncidentView } from '../clocks/compute-clocks.ts'
import type { AfterBusinessMode } from '../escalation/evaluate-ladder.ts'
import {
  byKind,
  evaluateDue,
  type DueEscalation,
  type DueExpiry,
} from '../escalation/evaluate-due.ts'

export type ReplayInput = {
  world: World
  /** the timeline in time order, the opening first */
  events: readonly IncidentEvent[]
  afterBusiness?: AfterBusinessMode
  /** called before each event is replayed (a shell checks its time budget here and may throw) */
  onStep?: (index: number) => void
}

export type ReplayResult = {
  view: IncidentView
  /** the events the incident would hold: the accepted ones and the expiries it recorded itself */
  events: IncidentEvent[]
  rejected: RejectedEvent[]
  expiries: DueExpiry[]
  escalations: DueEscalation[]
}

/**
 * What a live incident does with a timeline, as of `asOf`: the incident workflow asks
 * evaluateDue after every event and at every wake, records the expiries it lists, and pages
 * each escalation once; this asks it at the same instants (before each event, and at `asOf`).
 * Custody is folded event by event; events after `asOf` are not yet facts.
 */
export function replayTimeline(input: ReplayInput, asOf: Date): ReplayResult {
  const { world } = input
  const options = { pingPong: world.pingPong }
  let state: IncidentState = emptyIncidentState()
  const applied: IncidentEvent[] = []
  const rejected: RejectedEvent[] = []
  const expiries: DueExpiry[] = []
  const fired = new Map<string, DueEscalation>()
  const viewAt = (now: Date) => computeIncidentView({ events: applied, world, options }, now)
  const due = (view: IncidentView, now: Date) =>
    evaluateDue({ world, state, clocks: view.clocks, afterBusiness: input.afterBusiness }, now)

  const act = (now: Date) => {
    if (!state.opened) return
    let view = viewAt(now)
    const first = due(view, now)
    for (const x of first.expiries) {
      const at = Date.parse(x.at) >= Date.parse(state.lastEventAt) ? x.at : state.lastEventAt
      const event: IncidentEvent = {
        type: 'handoff_expired',
        at,
        actor: 'baton',
        handoffId: x.handoffId,
      }
      const r = applyIncidentEvent(state, event, options)
      if (!r.ok) continue
      state = r.value
      applied.push(event)
      expiries.push({ ...x, at })
    }
    if (first.expiries.length > 0) view = viewAt(now)
    for (const e of due(view, now).escalations) if (!fired.has(e.key)) fired.set(e.key, e)
  }

  const asOfMs = asOf.getTime()
  input.events.forEach((event, index) => {
    if (Date.parse(event.at) > asOfMs) return
    input.onStep?.(index)
    act(new Date(event.at))
    const r = applyIncidentEvent(state, event, options)
    if (!r.ok) {
      rejected.push({ index, event, error: r.error })
      return
    }
    state = r.value
    applied.push(event)
  })
  act(asOf)
  const escalations = [...fired.values()].sort(
    (a, b) =>
      Date.parse(a.at) - Date.parse(b.at) || byKind(a) - byKind(b) || a.key.localeCompare(b.key)
  )
  return { view: viewAt(asOf), events: applied, rejected, expiries, escalations }
}
