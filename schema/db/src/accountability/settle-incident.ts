import { eq } from 'drizzle-orm'
import {
  computeSettlement,
  monthOf,
  type IncidentEvent,
  type Settlement,
  type World,
} from '@baton/domain'
import type { Database } from '../create-db.ts'
import { recordIncidentEvent } from '../ledger/record-incident-event.ts'
import { creditLines, incidentAttributions, incidentSettlements } from '../tables/accountability.ts'

export type SettleIncidentInput = {
  incidentId: string
  incidentKey: string
  workflowId: string
  closedAt: string
  events: IncidentEvent[]
  world: World
}
export type SettleIncidentResult = {
  settled: boolean
  breaches: number
  credits: Array<{ party: string; agreement: string; total: number; currency: string }>
  ledgerHash: string
}

const summary = (s: Pick<Settlement, 'credits'>) =>
  s.credits.map((c) => ({
    party: c.party,
    agreement: `${c.agreement.slug}@${c.agreement.version}`,
    total: c.total,
    currency: c.currency,
  }))

/**
 * Fixes a closed incident's attribution and credits, once: a second call (a retried activity)
 * finds the settlement and changes nothing. Settlement, attribution rows, credit lines and the
 * 'accountability.settled' ledger entry are written in one transaction.
 */
export async function settleIncident(
  db: Database,
  input: SettleIncidentInput
): Promise<SettleIncidentResult> {
  const s = computeSettlement({
    events: input.events,
    world: input.world,
    closedAt: input.closedAt,
  })
  return db.transaction(async (tx) => {
    const [existing] = await tx
      .select()
      .from(incidentSettlements)
      .where(eq(incidentSettlements.incidentId, input.incidentId))
      .for('update')
    if (existing)
      return {
        settled: false,
        breaches: (existing.attribution as Settlement['attribution']).breaches.length,
        credits: summary({ credits: existing.credits as Settlement['credits'] }),
        ledgerHash: existing.ledgerHash,
      }
    const entry = await recordIncidentEvent(tx as unknown as Database, {
      incidentId: input.incidentId,
      seq: 0,
      idempotencyKey: `${input.workflowId}#settled`,
      at: s.closedAt,
      type: 'accountability.settled',
      actor: 'baton',
      data: {
        breaches: s.attribution.breaches.map((b) => ({
          clockId: b.clockId,
          attributedTo: b.attributedTo,
          breachedAt: b.breachedAt,
        })),
        credits: summary(s),
        agreements: s.agreements.map((a) => `${a.slug}@${a.version}`),
      },
    })
    await tx.insert(incidentSettlements).values({
      incidentId: input.incidentId,
      incidentKey: input.incidentKey,
      closedAt: new Date(s.closedAt),
      events: input.events,
      world: input.world,
      clocks: s.clocks,
      attribution: s.attribution,
      credits: s.credits,
      ledgerHash: entry.hash,
    })
    const breached = s.clocks.filter((c) => c.state === 'BREACHED' && c.breachedAt)
    if (breached.length > 0) {
      await tx.insert(incidentAttributions).values(
        breached.map((c) => ({
          incidentId: input.incidentId,
          clockId: c.id,
          agreementSlug: c.agreement.slug,
          agreementVersion: c.agreement.version,
          agreementKind: c.agreement.kind,
          metric: c.metric,
          clockParty: c.party,
          attributedTo: c.attributedTo,
          breachedAt: new Date(c.breachedAt!),
          handoffId: c.handoffId,
        }))
      )
    }
    if (s.lines.length > 0) {
      await tx.insert(creditLines).values(
        s.lines.map((l) => ({
          incidentId: input.incidentId,
          party: l.party,
          agreementSlug: l.agreement.slug,
          agreementVersion: l.agreement.version,
          clockId: l.clockId,
          breachedAt: new Date(l.breachedAt),
          period: monthOf(l.breachedAt),
          amount: l.amount,
          currency: l.currency,
          kind: 'BREACH',
          reason: l.reason,
          idempotencyKey: `settle:${input.incidentId}:${l.agreement.slug}:${l.clockId}`,
        }))
      )
    }
    return {
      settled: true,
      breaches: s.attribution.breaches.length,
      credits: summary(s),
      ledgerHash: entry.hash,
    }
  })
}
