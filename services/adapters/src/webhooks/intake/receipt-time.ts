import { clockSkewMs, ruleOnClaimedTime, ServiceError } from '@baton/domain'
import { type InboundMessage } from '../../dialects/inbound-message.ts'
import type { KnownParty } from '../../parties/party-directory.ts'

/**
 * Who says when, at the edge: the message's time becomes Baton's receipt time unless the vendor's
 * claim lies within the party's clock skew of it; the claim is kept beside it as evidence. A claim
 * further ahead than the skew is refused (422 naming the dialect's time field). The workflow
 * applies the rest (not before the incident's previous event) when it applies the event.
 */
export function stampReceiptTime(
  m: InboundMessage,
  o: { party: Pick<KnownParty, 'integration'>; receivedAt: Date; timeField: string }
): InboundMessage {
  const claimed = Date.parse(m.occurredAt)
  if (Number.isNaN(claimed))
    throw new ServiceError('UNPROCESSABLE', `${o.timeField}: not a valid instant`, {
      field: o.timeField,
    })
  const claimedAt = new Date(claimed).toISOString()
  const receivedAt = o.receivedAt.toISOString()
  const ruling = ruleOnClaimedTime({
    claimed: claimedAt,
    received: receivedAt,
    skewMs: clockSkewMs(o.party),
  })
  if (!ruling.ok)
    throw new ServiceError(
      'UNPROCESSABLE',
      `${o.timeField}: ${ruling.message}; Baton's receipt time is what clocks run on`,
      { field: o.timeField }
    )
  return { ...m, occurredAt: ruling.at, claimedAt, receivedAt }
}
