import { z } from 'zod'
import { ServiceError, type Priority } from '@baton/domain'

/** The inbound types of docs/interfaces.md ("Vendor webhooks"); every dialect maps onto these. */
export const InboundType = z.enum([
  'incident.opened',
  'incident.acknowledged',
  'handoff.accepted',
  'handoff.rejected',
  'handoff.requested',
  'incident.waiting',
  'incident.resumed',
  'incident.updated',
  'incident.resolved',
  'incident.comment',
  'attribution.disputed',
])
export type InboundType = z.infer<typeof InboundType>

export const IncidentRef = z.object({
  id: z.string().min(1).max(200).optional().describe('Baton incident id (uuid) or key (INC-12)'),
  vendorRef: z.string().min(1).max(200).optional().describe("the vendor's own ticket id"),
})
export type IncidentRef = z.infer<typeof IncidentRef>

/** A vendor message after its dialect is parsed and mapped: canonical, not yet an IncidentEvent. */
export type InboundMessage = {
  type: InboundType
  incident: IncidentRef
  /** the time clocks run on: the claim, or Baton's receipt time (see stampReceiptTime) */
  occurredAt: string
  /** the time the vendor claimed, kept as evidence */
  claimedAt?: string | undefined
  /** Baton's receipt time */
  receivedAt?: string | undefined
  actor?: { name?: string | undefined; email?: string | undefined } | undefined
  priority?: Priority | undefined
  title?: string | undefined
  reason?: string | undefined
  reasonCode?: string | undefined
  context?: string | undefined
  handoffId?: string | undefined
  to?: string | undefined
  on?: string | undefined
  body?: string | undefined
  resolution?: string | undefined
  /** attribution.disputed: the settled clock contested, and why */
  clockId?: string | undefined
  evidence?: string | undefined
  /** handoff.requested: the desk of `to` ('party/desk'); set by reference resolution, never by a dialect */
  toDesk?: string | undefined
  /** where the dialect found `to`, `on` and `handoffId`, for the 422 naming one that does not resolve (default: data.<name>) */
  fields?: Partial<Record<'to' | 'on' | 'handoffId', string>> | undefined
}

export type Mappings = { priority: Record<string, Priority>; state: Record<string, string> }

/** Looks a vendor value up in the party's mapping table: an unmapped value is a 422 naming it. */
export function mapValue<T extends string>(
  table: Record<string, T>,
  value: string,
  field: string,
  what: string
): T {
  const mapped = Object.hasOwn(table, value) ? table[value] : undefined
  if (mapped === undefined)
    throw new ServiceError(
      'UNPROCESSABLE',
      `unmapped ${what} '${value}': add it to the party's mappings.${what}`,
      { field }
    )
  return mapped
}

export function mapState(m: Mappings, value: string, field: string): InboundType {
  const mapped = mapValue(m.state, value, field, 'state')
  const parsed = InboundType.safeParse(mapped)
  if (!parsed.success)
    throw new ServiceError(
      'UNPROCESSABLE',
      `state '${value}' maps to '${mapped}', which is not an inbound type`,
      { field }
    )
  // a ticket state carries no clock id or evidence: disputes come as the canonical type (or GraphQL openDispute)
  if (parsed.data === 'attribution.disputed')
    throw new ServiceError(
      'UNPROCESSABLE',
      `state '${value}' maps to 'attribution.disputed', which only the canonical dialect carries`,
      { field }
    )
  return parsed.data
}

/** The first zod issue as a 422 naming its path (`details.field`). */
export function fieldErrorOf(error: z.ZodError, prefix = ''): ServiceError {
  const issue = error.issues[0]
  const path = issue?.path.map(String).join('.') ?? ''
  const field = [prefix, path].filter(Boolean).join('.') || '(body)'
  return new ServiceError('UNPROCESSABLE', `${field}: ${issue?.message ?? 'invalid'}`, { field })
}
