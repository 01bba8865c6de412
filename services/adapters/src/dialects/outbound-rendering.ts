import { z } from 'zod'
import type { OutboundMessage, OutboundType } from '../delivery/outbound-message.ts'
import type { InboundType, Mappings } from './inbound-message.ts'

/** How a dialect spells Baton's outbound message: its zod schema (the OpenAPI document) and a renderer. */
export type OutboundRendering<Body = unknown> = {
  readonly schema: z.ZodType<Body>
  render(message: OutboundMessage, mappings: Mappings): Body
}

/** The canonical fields every dialect's outbound carries, and the vendor fields that fell back to them. */
export const BatonFields = z
  .object({
    event: z.string().describe('the outbound type, e.g. incident.assigned'),
    incident_id: z.string(),
    incident_key: z.string(),
    occurred_at: z.string().describe('ISO-8601 instant of the event'),
    holder: z.string().optional().describe('party slug holding the incident'),
    status: z.string().optional(),
    priority: z.string().optional().describe('canonical P1..P4'),
    handoff_id: z.string().optional(),
    handoff_to: z.string().optional().describe('party slug offered the hand-off'),
    unmapped: z
      .array(z.string())
      .describe(
        'vendor fields left out because the mapping table has no vendor value for them; the canonical value is in this object'
      ),
  })
  .meta({ id: 'BatonOutboundFields' })
export type BatonFields = z.infer<typeof BatonFields>

// The vendor ticket state an outbound type asks for, named by the inbound type it maps from.
// A closed incident reuses the resolved state: the inbound types have no closed.
const STATE_OF: Partial<Record<OutboundType, InboundType>> = {
  'incident.assigned': 'incident.opened',
  'handoff.offered': 'incident.opened',
  'incident.resolved': 'incident.resolved',
  'incident.closed': 'incident.resolved',
}

const reverse = (table: Record<string, string>, value: string) =>
  Object.entries(table).find(([, v]) => v === value)?.[0]

/** The vendor state for the message through the party's state table in reverse; null when the type sets no state. */
export function vendorStateOf(
  message: OutboundMessage,
  m: Mappings
): { value: string | undefined; unmapped: boolean } | null {
  const target = STATE_OF[message.type]
  if (!target) return null
  const value = reverse(m.state, target)
  return { value, unmapped: value === undefined }
}

/** The vendor priority through the party's priority table in reverse; an empty table means the vendor speaks P1..P4. */
export function vendorPriorityOf(
  message: OutboundMessage,
  m: Mappings
): { value: string | undefined; unmapped: boolean } | null {
  const p = message.incident.priority
  if (!p) return null
  if (Object.keys(m.priority).length === 0) return { value: p, unmapped: false }
  const value = reverse(m.priority, p)
  return { value, unmapped: value === undefined }
}

/** The vendor's state and priority for the message, and which of them had no vendor value. */
export function vendorFieldsOf(
  message: OutboundMessage,
  m: Mappings
): { state: string | undefined; priority: string | undefined; unmapped: string[] } {
  const state = vendorStateOf(message, m)
  const priority = vendorPriorityOf(message, m)
  return {
    state: state?.value,
    priority: priority?.value,
    unmapped: [state?.unmapped && 'state', priority?.unmapped && 'priority'].filter(
      (x): x is string => !!x
    ),
  }
}

const text = (v: unknown) => (typeof v === 'string' && v.length > 0 ? v : undefined)

/** The hand-off an outbound message is about (handoff.offered / handoff.withdrawn), from its canonical event. */
export const handoffOf = (message: OutboundMessage) => ({
  id: text(message.data.handoffId),
  to: text(message.data.to),
})

/** One human line for a work note or comment: what happened, and why when the event says. */
export function describeOutbound(message: OutboundMessage): string {
  const d = message.data
  const i = message.incident
  const why = text(d.reason) ?? text(d.resolution) ?? text(d.body)
  const what: Record<OutboundType, string> = {
    'incident.assigned': `${i.key} is assigned to ${i.holder ?? 'you'}`,
    'handoff.offered': `${text(d.from) ?? 'Baton'} offers ${i.key} to ${text(d.to) ?? 'you'}`,
    'handoff.withdrawn': `the hand-off of ${i.key} is withdrawn`,
    'incident.updated': `${i.key} is updated${text(d.priority) ? ` to ${text(d.priority)}` : ''}`,
    'escalation.triggered': `${i.key} is escalated${typeof d.step === 'number' ? ` (step ${d.step})` : ''}`,
    'incident.resolved': `${i.key} is resolved`,
    'incident.closed': `${i.key} is closed`,
  }
  return `[Baton] ${what[message.type]}${why ? `: ${why}` : ''}`
}

/** The canonical block, listing the vendor fields that fell back to it. */
export function batonFieldsOf(message: OutboundMessage, unmapped: string[]): BatonFields {
  const h = handoffOf(message)
  const i = message.incident
  return {
    event: message.type,
    incident_id: i.id,
    incident_key: i.key,
    occurred_at: message.occurredAt,
    ...(i.holder ? { holder: i.holder } : {}),
    ...(i.status ? { status: i.status } : {}),
    ...(i.priority ? { priority: i.priority } : {}),
    ...(h.id ? { handoff_id: h.id } : {}),
    ...(h.to ? { handoff_to: h.to } : {}),
    unmapped,
  }
}
