import { allocateIncident, signalMessageId, type Database } from '@baton/db'
import { ServiceError } from '../../app/service-error.ts'
import { claimOf, toIncidentEvent } from '../../dialects/to-incident-event.ts'
import { recordDispute } from './record-dispute.ts'
import {
  appliedReceiptOf,
  insertReceipt,
  receiptOf,
  type ReceiptAnswer,
  type Verified,
} from './receipt-rows.ts'
import {
  attachRefSql,
  findBondByRef,
  openOfferTo,
  requireBond,
  resolveBond,
} from './resolve-bond.ts'
import { keepHandoffRef, resolveReferences } from './resolve-references.ts'
import type { OpenedEvent } from '../signalling/signal-workflow.ts'
import { notifyRelay, type ReceiptRelay } from '../signalling/receipt-relay.ts'

export type IntakeCtx = { db: Database; relay: ReceiptRelay | null }

// The signal dedup key lives in @baton/db: a dead-letter replay (gateway or admin route) derives it too.
export { signalMessageId }

/**
 * The slow path (openings, disputes, ref attachment, messages that name a party, desk or hand-off):
 * the answer is 202 once the receipt is committed; the relay, woken by a notification, signals
 * the workflow (or starts it, for an opening) in receipt order. Ordinary messages take
 * record-receipt.ts.
 */
export async function recordInbound(ctx: IntakeCtx, v: Verified): Promise<ReceiptAnswer> {
  const answer = await recordByType(ctx, v)
  if (answer.status === 202) await notifyRelay(ctx.db)
  return answer
}

function recordByType(ctx: IntakeCtx, v: Verified): Promise<ReceiptAnswer> {
  if (v.message.type === 'incident.opened') return recordOpening(ctx, v)
  if (v.message.type === 'attribution.disputed') return recordDispute(ctx.db, v)
  return recordEvent(ctx, v)
}

async function recordEvent(ctx: IntakeCtx, v: Verified): Promise<ReceiptAnswer> {
  const { party, message } = v
  const bond = await requireBond(ctx.db, party.id, message.incident)
  // Parties, desks and hand-offs become Baton's names here, or the answer is a 422 naming the field.
  const resolved = await resolveReferences(ctx.db, message, bond)
  const needsOffer =
    (message.type === 'handoff.accepted' || message.type === 'handoff.rejected') &&
    !resolved.message.handoffId
  const openOfferId = needsOffer ? await openOfferTo(ctx.db, bond.incidentId, party.id) : undefined
  const messageId = signalMessageId(party.slug, v.messageId)
  const event = toIncidentEvent(resolved.message, {
    party: party.slug,
    incidentKey: bond.key,
    messageId,
    openOfferId,
  })
  const receipt = receiptOf(v, bond, event)
  const vendorRef = resolved.vendorHandoffRef
  ctx.relay?.keepScope(receipt.receipt)
  return vendorRef && event.type === 'handoff_offered'
    ? ctx.db.transaction(async (tx) => {
        await keepHandoffRef(tx as unknown as Database, bond.bondId, vendorRef, event.handoffId)
        return insertReceipt(tx as unknown as Database, receipt)
      })
    : insertReceipt(ctx.db, receipt)
}

/**
 * incident.opened: a known reference (or a Baton incident this party is bonded to) is a no-op;
 * an unknown one allocates an incident held by the vendor for the integrator to triage.
 */
async function recordOpening(ctx: IntakeCtx, v: Verified): Promise<ReceiptAnswer> {
  const { party, message } = v
  const applied = (bond: { incidentId: string; bondId: string }) =>
    insertReceipt(ctx.db, appliedReceiptOf(v, bond, { type: 'bonded' }))
  if (message.incident.id) {
    const bond = await resolveBond(ctx.db, party.id, message.incident)
    if (!bond)
      throw new ServiceError(
        'NOT_FOUND',
        `incident ${message.incident.id} is not bonded to this party`,
        'incident.id'
      )
    return applied(bond)
  }
  const vendorRef = message.incident.vendorRef
  if (!vendorRef)
    throw new ServiceError(
      'UNPROCESSABLE',
      'incident.vendorRef is required to open an incident',
      'incident.vendorRef'
    )
  const known = await findBondByRef(ctx.db, party.id, vendorRef)
  if (known) return applied(known)
  if (!message.priority)
    throw new ServiceError(
      'UNPROCESSABLE',
      'a priority is required to open an incident',
      'data.priority'
    )
  // occurredAt is already Baton's receipt time unless the claim lay within the party's skew (stampReceiptTime)
  const opened: OpenedEvent = {
    type: 'opened',
    at: new Date(message.occurredAt).toISOString(),
    ...claimOf(message),
    actor: party.slug,
    priority: message.priority,
    holder: party.slug,
    title: message.title?.trim() || `${party.name} ${vendorRef}`,
  }
  const { answer } = await ctx.db.transaction(async (tx) => {
    const db = tx as unknown as Database
    const incident = await allocateIncident(db, {
      clientKey: `vendor:${party.slug}:${vendorRef}`,
      title: opened.title,
      priority: opened.priority,
      holder: party.slug,
      openedAt: opened.at,
    })
    const [bond] = await db.execute<{ id: string }>(attachRefSql(incident.id, party.id, vendorRef))
    const answer = await insertReceipt(
      db,
      receiptOf(v, { incidentId: incident.id, bondId: bond!.id }, opened)
    )
    return { answer, incident }
  })
  return answer
}
