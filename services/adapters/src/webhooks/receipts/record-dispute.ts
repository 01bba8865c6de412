import { eq } from 'drizzle-orm'
import { ServiceError } from '@baton/domain'
import { inboundReceipts, openDispute, type Database } from '@baton/db'
import {
  appliedReceiptOf,
  insertReceipt,
  type ReceiptAnswer,
  type Verified,
} from './receipt-rows.ts'
import { requireBond } from './resolve-bond.ts'

// openDispute's fields as the vendor's message names them.
const FIELD: Record<string, string> = {
  incident: 'incident',
  clockId: 'data.clockId',
  evidence: 'data.evidence',
  reason: 'data.evidence',
}

const required = (value: string | undefined, field: string): string => {
  if (value === undefined || value.trim() === '')
    throw new ServiceError('UNPROCESSABLE', `${field} is required to dispute a breach`, { field })
  return value
}

/**
 * attribution.disputed: the vendor contests a breach attributed to it on a settled incident, as
 * the GraphQL openDispute does. Receipt and dispute are written in one transaction, so 202 means
 * both exist, a refusal leaves neither, and a repeat of the message id finds the receipt and
 * opens nothing. There is nothing to signal: a settled incident's workflow has completed.
 */
export async function recordDispute(db: Database, v: Verified): Promise<ReceiptAnswer> {
  const { party, message } = v
  const clockId = required(message.clockId, 'data.clockId')
  const evidence = required(message.evidence, 'data.evidence')
  const bond = await requireBond(db, party.id, message.incident)
  return db.transaction(async (tx) => {
    const t = tx as unknown as Database
    const answer = await insertReceipt(t, appliedReceiptOf(v, bond, { type: 'disputed', clockId }))
    if (answer.status !== 202) return answer
    // openDispute's refusal is the message's fault: 422 naming the vendor's field (and the
    // receipt written above is rolled back with it).
    const dispute = await openDispute(t, {
      incidentId: bond.incidentId,
      clockId,
      party: party.slug,
      evidence,
    }).catch((error: unknown) => {
      if (!(error instanceof ServiceError)) throw error
      throw new ServiceError('UNPROCESSABLE', error.message, {
        field: (error.field && FIELD[error.field]) ?? '(body)',
      })
    })
    // the receipt names the dispute it opened, for the dead-letter view and audits
    await t
      .update(inboundReceipts)
      .set({ event: { type: 'disputed', clockId, disputeId: dispute.id } })
      .where(eq(inboundReceipts.receipt, answer.receipt))
    return answer
  })
}
