import { createHash } from 'node:crypto'
import { IncidentEvent, ServiceError } from '@baton/domain'
import { fieldErrorOf, type InboundMessage } from './inbound-message.ts'

export type EventContext = {
  party: string
  incidentKey: string
  messageId: string
  openOfferId?: string | undefined
}

const need = (value: string | undefined, field: string, why: string): string => {
  if (value === undefined || value.trim() === '')
    throw new ServiceError('UNPROCESSABLE', `${field} is required ${why}`, { field })
  return value
}

/** The vendor's claimed time and Baton's receipt time, carried beside `at` as evidence. */
export const claimOf = (m: InboundMessage) =>
  m.claimedAt && m.receivedAt ? { claimedAt: m.claimedAt, receivedAt: m.receivedAt } : {}

/** The id of a hand-off a vendor requests: `<incident key>-V<10 hex of the signal message id>`, unique per incident and message. */
export const mintVendorHandoffId = (incidentKey: string, messageId: string) =>
  `${incidentKey}-V${createHash('sha256').update(messageId).digest('hex').slice(0, 10)}`

/** The canonical IncidentEvent a (non-opening) vendor message stands for; party fields are slugs. */
export function toIncidentEvent(m: InboundMessage, ctx: EventContext): IncidentEvent {
  const base = {
    at: new Date(m.occurredAt).toISOString(),
    ...claimOf(m),
    actor: ctx.party,
    party: ctx.party,
  }
  const offer = () =>
    need(m.handoffId ?? ctx.openOfferId, 'data.handoffId', 'when no hand-off is open to this party')
  let event: unknown
  switch (m.type) {
    case 'incident.acknowledged':
      event = { ...base, type: 'acknowledged' }
      break
    case 'handoff.accepted':
      event = { ...base, type: 'handoff_accepted', handoffId: offer() }
      break
    case 'handoff.rejected':
      event = {
        ...base,
        type: 'handoff_rejected',
        handoffId: offer(),
        reason: need(m.reason, 'data.reason', 'to reject a hand-off'),
      }
      break
    case 'handoff.requested': {
      const { party: _p, ...rest } = base
      // Baton names the hand-off (per incident, from the message): a vendor's own id for it is only
      // its reference, kept on its bond (resolve-references.ts), never a Baton id.
      const handoffId = mintVendorHandoffId(ctx.incidentKey, ctx.messageId)
      event = {
        ...rest,
        type: 'handoff_offered',
        handoffId,
        from: ctx.party,
        to: need(m.to, m.fields?.to ?? 'data.to', 'to request a hand-off'),
        reason: need(m.reason, 'data.reason', 'to request a hand-off'),
        reasonCode: m.reasonCode,
        context: m.context,
        toDesk: m.toDesk,
      }
      break
    }
    case 'incident.waiting':
      event = {
        ...base,
        type: 'waiting',
        on: need(m.on, m.fields?.on ?? 'data.on', 'to wait'),
        reason: need(m.reason, 'data.reason', 'to wait'),
      }
      break
    case 'incident.resumed':
      event = { ...base, type: 'resumed' }
      break
    case 'incident.updated':
      if (m.priority) event = { ...base, type: 'priority_changed', priority: m.priority }
      else
        event = {
          ...base,
          type: 'comment',
          body: need(m.body, 'data.priority', 'in an update (or data.body for a note)'),
        }
      break
    case 'incident.resolved':
      event = {
        ...base,
        type: 'resolved',
        resolution: m.resolution ?? m.body ?? `resolved by ${ctx.party}`,
      }
      break
    case 'incident.comment':
      event = { ...base, type: 'comment', body: need(m.body, 'data.body', 'in a comment') }
      break
    case 'incident.opened':
      throw new Error('incident.opened opens an incident; it is not an event of one')
    case 'attribution.disputed':
      throw new Error(
        'attribution.disputed contests a settled incident; it is not an event of its workflow'
      )
  }
  const parsed = IncidentEvent.safeParse(event)
  if (!parsed.success) throw fieldErrorOf(parsed.error, 'event')
  return parsed.data
}
