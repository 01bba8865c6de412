import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow'
import type { IncidentEvent } from '@baton/domain'

/** A vendor event from the adapters; messageId makes a re-signal harmless. */
export type VendorEventSignal = { messageId: string; receipt: string; event: IncidentEvent }
export const vendorEventSignal = defineSignal<[VendorEventSignal]>('vendorEvent')
/**
 * The adapters' relay sends every pending receipt of one incident in one signal, in receipt
 * order; the workflow takes them as if each were its own vendorEvent (same dedup on messageId).
 */
export type VendorEventsSignal = { messages: VendorEventSignal[] }
export const vendorEventsSignal = defineSignal<[VendorEventsSignal]>('vendorEvents')

/** A console or vendor-token command, validated before it enters history. */
export type IncidentCommand = Exclude<IncidentEvent, { type: 'opened' | 'handoff_expired' }>
export type CommandResult = { seq: number; status: string; holder: string; handoffId?: string }
/** Set when a VENDOR token sends the command: the workflow checks that party's authority (last line behind the gateway). */
export type CommandOrigin = { vendor: string }
export const commandUpdate = defineUpdate<CommandResult, [IncidentCommand, CommandOrigin?]>(
  'command'
)

/** Resolves once the events up to minSeq are in the ledger and projection. */
export const syncUpdate = defineUpdate<
  { persistedSeq: number; status: string },
  [{ minSeq: number }]
>('sync')

export type IncidentSnapshot = {
  key: string
  seq: number
  persistedSeq: number
  status: string
  holder: string
  events: IncidentEvent[]
  children: ChildStatusSignal[]
  firedSteps: string[]
}
export const snapshotQuery = defineQuery<IncidentSnapshot>('snapshot')

/** Error types the update validators throw; the gateway maps them to GraphQL codes. */
export const COMMAND_ERROR_TYPES = {
  conflict: 'BatonConflict',
  badInput: 'BatonBadInput',
  forbidden: 'BatonForbidden',
} as const

/** A child incident reports its status to its parent (linked incidents). */
export type ChildStatusSignal = { key: string; status: string }
export const childStatusSignal = defineSignal<[ChildStatusSignal]>('childStatus')

/**
 * A staff correction of one event's time (ADMIN or INTEGRATOR; the gateway checks the role):
 * `seq` names the event's ledger entry. The workflow validates it (no reordering of custody,
 * nothing in the incident's future), records it as its own ledger entry and recomputes the clocks.
 */
export type EventTimeCorrection = { seq: number; at: string; reason: string; actor: string }
/** seq: the correction's own ledger entry; clocksChanged: how many clocks it changed */
export type EventTimeCorrectionResult = {
  seq: number
  correctedSeq: number
  oldAt: string
  newAt: string
  clocksChanged: number
}
export const correctEventTimeUpdate = defineUpdate<
  EventTimeCorrectionResult,
  [EventTimeCorrection]
>('correctEventTime')

/** Moves a simulated incident clock forward (e.g. over a weekend in a demo); refused for real clocks. */
export const advanceClockUpdate = defineUpdate<{ now: string }, [{ to: string }]>('advanceClock')
