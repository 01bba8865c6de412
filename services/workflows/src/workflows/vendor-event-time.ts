import { clockSkewMs, ruleOnClaimedTime, type IncidentEvent } from '@baton/domain'
import type { IncidentRuntime } from './incident-runtime.ts'

const later = (a: string, b: string) => (Date.parse(a) >= Date.parse(b) ? a : b)

/**
 * The incident's previous event as far as a vendor's claimed time is concerned: its last state
 * event, or a breach already in its ledger (a claim may not reach back behind a recorded breach).
 * An event may not land on the breach's own instant either: a clock stopped exactly when its
 * budget runs out is met, so that would turn the recorded breach back into MET.
 */
export function previousEventAt(
  rt: IncidentRuntime,
  marks: ReadonlySet<string>,
  now: Date
): string {
  let previous = rt.state.lastEventAt || rt.input.openedAt
  for (const c of rt.view(now).clocks) {
    if (c.state === 'BREACHED' && c.breachedAt && marks.has(`${c.id}:breached`))
      previous = later(new Date(Date.parse(c.breachedAt) + 1).toISOString(), previous)
  }
  return previous
}

/**
 * Who says when, in the workflow (the authority): a vendor event runs on Baton's receipt time (on a
 * simulated clock, the incident's now when it arrives) unless the time the vendor claimed lies
 * within the party's skew of it and not before the incident's previous event; the claim and the
 * receipt time stay on the event as evidence. Never ahead of the incident's now, never before
 * its previous event.
 */
export function vendorEventTime(
  rt: IncidentRuntime,
  marks: ReadonlySet<string>,
  event: IncidentEvent
): IncidentEvent {
  const now = rt.clock.now()
  const arrived =
    event.receivedAt && !rt.clock.simulated
      ? Math.min(Date.parse(event.receivedAt), now.getTime())
      : now.getTime()
  const received = new Date(arrived).toISOString()
  const claimed = event.claimedAt ?? event.at
  const source =
    'party' in event ? event.party : event.type === 'handoff_offered' ? event.from : undefined
  const previous = previousEventAt(rt, marks, now)
  const ruling = ruleOnClaimedTime({
    claimed,
    received,
    skewMs: clockSkewMs(rt.world.parties.find((p) => p.slug === source)),
    previous,
  })
  // A claim ahead of the skew is refused at the edge; on a simulated clock a wall-clock claim lands here: the receipt is used.
  const at = ruling.ok ? ruling.at : received
  return {
    ...event,
    at: later(Date.parse(at) <= now.getTime() ? at : now.toISOString(), previous),
    claimedAt: claimed,
    receivedAt: received,
  }
}
