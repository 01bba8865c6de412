import { and, asc, eq } from 'drizzle-orm'
import { ServiceError, type ClockView } from '@baton/domain'
import type { Database } from '../create-db.ts'
import { recordIncidentEvent } from '../ledger/record-incident-event.ts'
import { creditLines, disputes, incidentSettlements } from '../tables/accountability.ts'

export type DisputeRow = typeof disputes.$inferSelect
export type OpenDisputeInput = {
  incidentId: string
  clockId: string
  party: string
  evidence: string
  at?: string
  /** The ledger's actor (default: the party), e.g. `vistula/token:Ana` for a console action. */
  actor?: string
}
export type DecideDisputeInput = {
  disputeId: string
  accept: boolean
  reason: string
  decidedBy: string
  at?: string
  /** The ledger's actor (default: decidedBy), e.g. `northwind/token:Duty manager`. */
  actor?: string
}

/**
 * A party contests a breach attributed to it, with evidence. Only a settled, breached clock
 * attributed to that party can be disputed, once at a time. Recorded in the incident's ledger.
 */
export async function openDispute(db: Database, input: OpenDisputeInput): Promise<DisputeRow> {
  if (!input.evidence.trim())
    throw new ServiceError('BAD_USER_INPUT', 'evidence: a dispute needs evidence', {
      field: 'evidence',
    })
  return db.transaction(async (tx) => {
    const [settlement] = await tx
      .select({ clocks: incidentSettlements.clocks })
      .from(incidentSettlements)
      .where(eq(incidentSettlements.incidentId, input.incidentId))
    if (!settlement)
      throw new ServiceError('NOT_FOUND', `incident ${input.incidentId} is not settled yet`, {
        field: 'incident',
      })
    const clock = (settlement.clocks as ClockView[]).find((c) => c.id === input.clockId)
    if (!clock || clock.state !== 'BREACHED')
      throw new ServiceError(
        'NOT_FOUND',
        `no breached clock ${input.clockId} on incident ${input.incidentId}`,
        { field: 'clockId' }
      )
    if (clock.attributedTo !== input.party)
      throw new ServiceError(
        'CONFLICT',
        `${input.clockId} is attributed to ${clock.attributedTo ?? 'nobody'}, not ${input.party}`,
        { field: 'clockId' }
      )
    const open = await tx
      .select({ id: disputes.id })
      .from(disputes)
      .where(
        and(
          eq(disputes.incidentId, input.incidentId),
          eq(disputes.clockId, input.clockId),
          eq(disputes.state, 'OPEN')
        )
      )
    if (open.length > 0)
      throw new ServiceError('CONFLICT', `${input.clockId} already has an open dispute`, {
        field: 'clockId',
      })
    const at = new Date(input.at ?? new Date().toISOString())
    // The check above answers the common case; the partial unique index answers a concurrent opener.
    const [row] = await tx
      .insert(disputes)
      .values({
        incidentId: input.incidentId,
        clockId: input.clockId,
        party: input.party,
        evidence: input.evidence,
        openedAt: at,
      })
      .returning()
      .catch((error: unknown) => {
        if (isUniqueViolation(error))
          throw new ServiceError('CONFLICT', `${input.clockId} already has an open dispute`, {
            field: 'clockId',
          })
        throw error
      })
    await recordIncidentEvent(tx as unknown as Database, {
      incidentId: input.incidentId,
      seq: 0,
      idempotencyKey: `dispute:${row!.id}:opened`,
      at: at.toISOString(),
      type: 'attribution.disputed',
      actor: input.actor ?? input.party,
      data: { disputeId: row!.id, clockId: input.clockId, evidence: input.evidence },
    })
    return row!
  })
}

/**
 * The integrator accepts or rejects a dispute, with a reason. Accepting removes the breach from
 * the credits: one negative adjustment line per credit line of that clock. Recorded in the ledger.
 */
export async function decideDispute(
  db: Database,
  input: DecideDisputeInput
): Promise<DisputeRow & { adjustment: number }> {
  if (!input.reason.trim())
    throw new ServiceError('BAD_USER_INPUT', 'reason: a decision needs a reason', {
      field: 'reason',
    })
  return db.transaction(async (tx) => {
    const [d] = await tx
      .select()
      .from(disputes)
      .where(eq(disputes.id, input.disputeId))
      .for('update')
    if (!d) throw new ServiceError('NOT_FOUND', `dispute ${input.disputeId} does not exist`)
    if (d.state !== 'OPEN')
      throw new ServiceError('CONFLICT', `dispute ${input.disputeId} is already ${d.state}`)
    const at = new Date(input.at ?? new Date().toISOString())
    const state = input.accept ? 'ACCEPTED' : 'REJECTED'
    const [row] = await tx
      .update(disputes)
      .set({ state, decidedAt: at, decidedBy: input.decidedBy, decisionReason: input.reason })
      .where(eq(disputes.id, d.id))
      .returning()
    let adjustment = 0
    if (input.accept) {
      const lines = await tx
        .select()
        .from(creditLines)
        .where(
          and(
            eq(creditLines.incidentId, d.incidentId),
            eq(creditLines.clockId, d.clockId),
            eq(creditLines.kind, 'BREACH')
          )
        )
        .orderBy(asc(creditLines.id))
      for (const l of lines) {
        adjustment -= l.amount
        await tx.insert(creditLines).values({
          incidentId: l.incidentId,
          party: l.party,
          agreementSlug: l.agreementSlug,
          agreementVersion: l.agreementVersion,
          clockId: l.clockId,
          breachedAt: l.breachedAt,
          period: l.period,
          amount: -l.amount,
          currency: l.currency,
          kind: 'ADJUSTMENT',
          reason: `dispute ${d.id} accepted: ${input.reason}`,
          disputeId: d.id,
          idempotencyKey: `dispute:${d.id}:adjust:${l.id}`,
        })
      }
    }
    await recordIncidentEvent(tx as unknown as Database, {
      incidentId: d.incidentId,
      seq: 0,
      idempotencyKey: `dispute:${d.id}:decided`,
      at: at.toISOString(),
      type: input.accept ? 'attribution.dispute_accepted' : 'attribution.dispute_rejected',
      actor: input.actor ?? input.decidedBy,
      data: {
        disputeId: d.id,
        clockId: d.clockId,
        reason: input.reason,
        adjustment: Math.round(adjustment * 100) / 100,
      },
    })
    return { ...row!, adjustment: Math.round(adjustment * 100) / 100 }
  })
}

/** One dispute by id (null when absent). */
export async function getDispute(db: Database, id: string): Promise<DisputeRow | null> {
  const [row] = await db.select().from(disputes).where(eq(disputes.id, id))
  return row ?? null
}

export type CreditLineRow = typeof creditLines.$inferSelect

/** The credit lines of one clock of an incident: its breach lines and the adjustments of accepted disputes, in order. */
export async function clockCreditLines(
  db: Database,
  incidentId: string,
  clockId: string
): Promise<CreditLineRow[]> {
  return db
    .select()
    .from(creditLines)
    .where(and(eq(creditLines.incidentId, incidentId), eq(creditLines.clockId, clockId)))
    .orderBy(asc(creditLines.id))
}

export async function listDisputes(
  db: Database,
  o: { incidentId?: string; party?: string; state?: string } = {}
): Promise<DisputeRow[]> {
  return db
    .select()
    .from(disputes)
    .where(
      and(
        o.incidentId ? eq(disputes.incidentId, o.incidentId) : undefined,
        o.party ? eq(disputes.party, o.party) : undefined,
        o.state ? eq(disputes.state, o.state) : undefined
      )
    )
    .orderBy(asc(disputes.openedAt))
}

const isUniqueViolation = (error: unknown): boolean => {
  const e = error as { code?: string; cause?: { code?: string } }
  return e?.code === '23505' || e?.cause?.code === '23505'
}
