import { clockChanges, retimeEvent } from '@baton/domain'
import type { EventTimeCorrection, EventTimeCorrectionResult } from '@baton/temporal'
import type { IncidentRuntime } from './incident-runtime.ts'

type Refuse = (code: string, message: string) => never

/**
 * A staff correction of one event's time, checked against the incident as it stands (the update's
 * validator runs this too, so a refusal never enters history). apply() rewrites the event's time,
 * recomputes state and clocks, and records the correction as its own ledger entry: who, why, the
 * old and the new time, and every clock it changed.
 */
export function planTimeCorrection(
  rt: IncidentRuntime,
  c: EventTimeCorrection,
  refuse: Refuse
): { apply: () => EventTimeCorrectionResult } {
  if (!c.reason?.trim()) refuse('BAD_INPUT', 'reason: a time correction needs a reason')
  // A closed incident is being settled from its events as they stand.
  if (rt.state.status === 'CLOSED')
    refuse(
      'INVALID_TRANSITION',
      `${rt.input.key} is closed: its settlement stands; contest a breach with a dispute`
    )
  const index = Number.isInteger(c.seq) && c.seq > 0 ? rt.eventSeqs.indexOf(c.seq) : -1
  if (index < 0)
    refuse(
      'BAD_INPUT',
      `seq: ledger entry ${c.seq} of ${rt.input.key} is not an event with a time of its own (clock marks, escalations, refusals and corrections follow from events), or it was recorded before the incident's workflow continued as new`
    )
  const now = rt.clock.now()
  const retimed = retimeEvent(rt.events, index, c.at, now, rt.options)
  if (!retimed.ok) return refuse(retimed.error.code, retimed.error.message)
  const { events, state, oldAt, newAt } = retimed.value
  return {
    apply() {
      const before = rt.view(now).clocks
      const eventType = rt.events[index]!.type
      rt.retime(events, state)
      const clocks = clockChanges(before, rt.view(now).clocks)
      const seq = rt.record('event_time_corrected', now.toISOString(), c.actor, {
        seq: c.seq,
        eventType,
        oldAt,
        newAt,
        reason: c.reason.trim(),
        correctedBy: c.actor,
        clocks,
      })
      return { seq, correctedSeq: c.seq, oldAt, newAt, clocksChanged: clocks.length }
    },
  }
}
