import { z } from 'zod'

// Canonical incident events: what the workflow feeds to the reducers, what the ledger records,
// what the simulator replays. Instants are ISO-8601 UTC strings so they survive Temporal payloads.
export const Priority = z.enum(['P1', 'P2', 'P3', 'P4'])
export type Priority = z.infer<typeof Priority>

const instant = z.iso.datetime({ offset: true })
// claimedAt / receivedAt: on a vendor's event, the time it claimed and Baton's receipt time (evidence beside `at`, which clocks run on)
const base = {
  at: instant,
  actor: z.string().optional(),
  claimedAt: instant.optional(),
  receivedAt: instant.optional(),
}
const party = z.string().min(1)

export const IncidentEvent = z.discriminatedUnion('type', [
  z.object({
    ...base,
    type: z.literal('opened'),
    priority: Priority,
    holder: party,
    desk: z.string().optional(),
    title: z.string(),
    serviceId: z.string().optional(),
    parentKey: z.string().optional(),
  }),
  z.object({ ...base, type: z.literal('assigned'), party, desk: z.string().optional() }),
  z.object({ ...base, type: z.literal('acknowledged'), party }),
  z.object({
    ...base,
    type: z.literal('handoff_offered'),
    handoffId: z.string(),
    from: party,
    to: party,
    reason: z.string(),
    reasonCode: z.string().optional(),
    context: z.string().optional(),
    toDesk: z.string().optional().describe('party-slug/desk-slug offered to'),
  }),
  z.object({
    ...base,
    type: z.literal('handoff_accepted'),
    handoffId: z.string(),
    party,
    desk: z.string().optional(),
  }),
  z.object({
    ...base,
    type: z.literal('handoff_rejected'),
    handoffId: z.string(),
    party,
    reason: z.string(),
  }),
  z.object({ ...base, type: z.literal('handoff_expired'), handoffId: z.string() }),
  z.object({ ...base, type: z.literal('handoff_withdrawn'), handoffId: z.string(), party }),
  z.object({ ...base, type: z.literal('waiting'), party, on: party, reason: z.string() }),
  z.object({ ...base, type: z.literal('resumed'), party }),
  z.object({
    ...base,
    type: z.literal('resolved'),
    party,
    resolution: z.string(),
    force: z.boolean().optional(),
  }),
  z.object({ ...base, type: z.literal('reopened'), party, reason: z.string() }),
  z.object({ ...base, type: z.literal('closed'), party }),
  z.object({ ...base, type: z.literal('comment'), party, body: z.string() }),
  z.object({
    ...base,
    type: z.literal('priority_changed'),
    party,
    priority: Priority,
    requestId: z.string().optional().describe('the priority_change_requested this accepts'),
    reason: z.string().optional(),
  }),
  z.object({
    ...base,
    type: z.literal('priority_change_requested'),
    party,
    priority: Priority,
    requestId: z.string(),
    reason: z.string().optional(),
  }),
  z.object({
    ...base,
    type: z.literal('priority_change_declined'),
    party,
    requestId: z.string(),
    reason: z.string(),
  }),
])
export type IncidentEvent = z.infer<typeof IncidentEvent>
export const IncidentEventType = z.enum([
  'opened',
  'assigned',
  'acknowledged',
  'handoff_offered',
  'handoff_accepted',
  'handoff_rejected',
  'handoff_expired',
  'handoff_withdrawn',
  'waiting',
  'resumed',
  'resolved',
  'reopened',
  'closed',
  'comment',
  'priority_changed',
  'priority_change_requested',
  'priority_change_declined',
])
export type IncidentEventType = z.infer<typeof IncidentEventType>
// The enum names exactly the union's types, both ways (a compile error otherwise).
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false
const eventTypesMatch: Same<IncidentEvent['type'], IncidentEventType> = true
void eventTypesMatch
