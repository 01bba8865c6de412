import type { IncidentEvent } from '../events/incident-event.ts'
import type { World } from '../world/world.ts'
import { applyIncidentEvent } from '../custody/apply-incident-event.ts'
import { emptyIncidentState, type IncidentState } from '../custody/incident-state.ts'
import type { RejectedEvent } from '../custody/derive-custody.ts'
import {
  advanceIncidentView,
  computeIncidentView,
  incidentViewAt,
  prepareIncidentView,
  type IncidentView,
} from '../clocks/compute-clocks.ts'
import type { AfterBusinessMode } from '../escalation/evaluate-ladder.ts'
import {
  dueExpiries,
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
  /**
   * Derive each view from every event again instead of advancing one prepared view event by
   * event: the reference the differential test and `bench/workflows/incident-view.bench.ts`
   * compare the incremental path against. Same answers, quadratic time.
   */
  recompute?: boolean
}

export type ReplayResult = {
  view: IncidentView
  /** the events the incident would hold: the accepted ones and the expiries it recorded itself */
  events: IncidentEvent[]
  rejected: RejectedEvent[]
  expiries: DueExpiry[]
  /** every escalation paged by asOf (evaluateDue is retrospective), oldest first */
  escalations: DueEscalation[]
  /** when something falls due next after asOf */
  nextAt: Date | null
}

/**
 * What a live incident does with a timeline, as of `asOf`: the incident workflow asks
 * evaluateDue after every event and at every wake, records the expiries it lists, and pages
 * each escalation once; this asks for expiries wherever one could fall (before each event while
 * an offer is open, and at `asOf`) and for the escalations at `asOf`, which lists every one due
 * by then. Custody is folded event by event; events after `asOf` are not yet facts.
 */
export function replayTimeline(input: ReplayInput, asOf: Date): ReplayResult {
  const { world } = input
  const options = { pingPong: world.pingPong }
  let state: IncidentState = emptyIncidentState()
  const applied: IncidentEvent[] = []
  const rejected: RejectedEvent[] = []
  const expiries: DueExpiry[] = []
  // The view of the events applied so far, advanced with each (what the incident workflow keeps).
  let prepared = prepareIncidentView({ events: [], world, options })
  const append = (event: IncidentEvent) => {
    applied.push(event)
    if (!input.recompute) prepared = advanceIncidentView(prepared, event)
  }
  const current = () =>
    input.recompute ? prepareIncidentView({ events: applied, world, options }) : prepared
  const viewAt = (now: Date) =>
    input.recompute
      ? computeIncidentView({ events: applied, world, options }, now)
      : incidentViewAt(prepared, now)

  // Expiries: the hand-off clocks alone decide them (dueExpiries, as inside evaluateDue).
  const expire = (now: Date) => {
    const offers = incidentViewAt(current(), now, { offersOnly: true })
    for (const x of dueExpiries(state, offers.clocks)) {
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
      append(event)
      expiries.push({ ...x, at })
    }
  }

  const asOfMs = asOf.getTime()
  input.events.forEach((event, index) => {
    if (Date.parse(event.at) > asOfMs) return
    input.onStep?.(index)
    // Escalations are retrospective (evaluateDue lists all due so far, each key fires once), so
    // asking at asOf finds them all; an expiry is an event whose instant matters, so while an
    // offer is open it is asked before each event, as the workflow asks after each.
    if (state.handoffs.some((h) => h.state === 'OFFERED')) expire(new Date(event.at))
    const r = applyIncidentEvent(state, event, options)
    if (!r.ok) {
      rejected.push({ index, event, error: r.error })
      return
    }
    state = r.value
    append(event)
  })
  if (state.opened) expire(asOf)
  const view = viewAt(asOf)
  const due = state.opened
    ? evaluateDue({ world, state, clocks: view.clocks, afterBusiness: input.afterBusiness }, asOf)
    : undefined
  return {
    view,
    events: applied,
    rejected,
    expiries,
    escalations: due?.escalations ?? [],
    nextAt: due?.nextAt ?? null,
  }
}
