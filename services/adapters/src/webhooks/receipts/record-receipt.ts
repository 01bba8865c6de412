import { signalMessageId } from '@baton/db'
import { isUuid, type IncidentEvent } from '@baton/domain'
import type { InboundMessage } from '../../dialects/inbound-message.ts'
import { toIncidentEvent } from '../../dialects/to-incident-event.ts'
import type { KnownParty } from '../../parties/party-directory.ts'
import type { ReceiptRelay } from '../signalling/receipt-relay.ts'
import type { ReceiptBatcher } from './group-commit.ts'
import { answerRepeat, newReceiptId, type ReceiptAnswer } from './receipt-rows.ts'
import { namesReferences } from './resolve-references.ts'
import { notBonded } from './resolve-bond.ts'
import type { ReceiptInput } from './receipt-statement.ts'

/**
 * The per-process intake machinery: group-committed receipts, and this replica's relay (which
 * signals the workflows while it holds the lease; null when the app was built without one).
 */
export type Intake = {
  batcher: ReceiptBatcher
  relay: ReceiptRelay | null
}

export type FastMessage = { input: ReceiptInput; signalId: string; event: IncidentEvent }

/**
 * A message whose receipt needs nothing but its bond: not an opening or a dispute, and naming
 * nothing else to resolve (no party, desk or hand-off). Anything else, or a message that does not
 * map, returns null and takes the slow path, which answers as before.
 */
export function prepareFast(
  party: KnownParty,
  vendorMessageId: string,
  bodyHash: string,
  payload: unknown,
  toInbound: () => InboundMessage
): FastMessage | null {
  let message: InboundMessage
  try {
    message = toInbound()
  } catch {
    return null
  }
  if (message.type === 'incident.opened' || message.type === 'attribution.disputed') return null
  // A party, desk or hand-off named besides the incident is resolved on the slow path (422 when unknown).
  if (namesReferences(message)) return null
  const { id, vendorRef } = message.incident
  if (!id && !vendorRef) return null
  const signalId = signalMessageId(party.slug, vendorMessageId)
  let event: IncidentEvent
  try {
    event = toIncidentEvent(message, { party: party.slug, incidentKey: '', messageId: signalId })
  } catch {
    return null
  }
  const ref = { ...(id ? (isUuid(id) ? { byId: id } : { byKey: id }) : {}), vendorRef }
  return {
    signalId,
    event,
    input: {
      receipt: newReceiptId(),
      partyId: party.id,
      messageId: vendorMessageId,
      bodyHash,
      ref,
      type: message.type,
      event,
      payload,
    },
  }
}

/**
 * Receipt (one statement, group-committed): 202 means the receipt is durable, and nothing else
 * happens on the request path; the relay signals the workflow. Null when the slow path must answer.
 */
export async function recordFast(intake: Intake, m: FastMessage): Promise<ReceiptAnswer | null> {
  intake.relay?.keepScope(m.input.receipt)
  const outcome = await intake.batcher.record(m.input)
  switch (outcome.kind) {
    case 'recorded':
      return { status: 202, receipt: outcome.receipt }
    case 'repeat':
      return answerRepeat(outcome, m.input.bodyHash)
    case 'no-bond':
      throw notBonded()
    case 'slow-path':
      return null
  }
}
