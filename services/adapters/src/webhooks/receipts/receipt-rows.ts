import { createHash, randomBytes } from 'node:crypto'
import { and, eq } from 'drizzle-orm'
import { inboundReceipts, type Database } from '@baton/db'
import { ServiceError } from '../../app/service-error.ts'
import type { InboundMessage } from '../../dialects/inbound-message.ts'
import type { KnownParty } from '../../parties/party-directory.ts'

export const bodyHashOf = (body: string) => createHash('sha256').update(body).digest('hex')
export const newReceiptId = () => `rcpt_${randomBytes(12).toString('base64url')}`

export type ReceiptAnswer = { status: 200 | 202; receipt: string }

/** A message id seen before: the first receipt for the same body, 409 for another body. */
export function answerRepeat(
  existing: { receipt: string; bodyHash: string },
  bodyHash: string
): ReceiptAnswer {
  if (existing.bodyHash !== bodyHash)
    throw new ServiceError(
      'CONFLICT',
      'this message id was received before with another body',
      'webhook-id'
    )
  return { status: 200, receipt: existing.receipt }
}

export async function findReceipt(db: Database, partyId: string, messageId: string) {
  const [row] = await db
    .select({ receipt: inboundReceipts.receipt, bodyHash: inboundReceipts.bodyHash })
    .from(inboundReceipts)
    .where(and(eq(inboundReceipts.partyId, partyId), eq(inboundReceipts.messageId, messageId)))
  return row ?? null
}

export type NewReceipt = typeof inboundReceipts.$inferInsert

/** Inserts the receipt; a concurrent insert of the same message id answers as a repeat. */
export async function insertReceipt(db: Database, values: NewReceipt): Promise<ReceiptAnswer> {
  const [row] = await db
    .insert(inboundReceipts)
    .values(values)
    .onConflictDoNothing({ target: [inboundReceipts.partyId, inboundReceipts.messageId] })
    .returning({ receipt: inboundReceipts.receipt })
  if (row) return { status: 202, receipt: row.receipt }
  const existing = await findReceipt(db, values.partyId, values.messageId)
  if (!existing) throw new Error('receipt conflict without a receipt')
  return answerRepeat(existing, values.bodyHash)
}

/** A vendor message whose signature, party and body Baton has checked: what a receipt row is made from. */
export type Verified = {
  party: KnownParty
  messageId: string
  bodyHash: string
  payload: unknown
  message: InboundMessage
}

/** The receipt row of a verified message about a bonded incident, under a new receipt id. */
export const receiptOf = (
  v: Verified,
  on: { incidentId: string; bondId: string },
  event: NewReceipt['event']
): NewReceipt => ({
  receipt: newReceiptId(),
  partyId: v.party.id,
  messageId: v.messageId,
  bodyHash: v.bodyHash,
  incidentId: on.incidentId,
  bondId: on.bondId,
  type: v.message.type,
  event,
  payload: v.payload as object,
})

/** receiptOf for a message applied on receipt (nothing for the workflow to apply). */
export const appliedReceiptOf = (
  v: Verified,
  on: { incidentId: string; bondId: string },
  event: NewReceipt['event']
): NewReceipt => ({ ...receiptOf(v, on, event), status: 'APPLIED', appliedAt: new Date() })
