import { computeScorecard } from '@baton/db'
import type { Scorecard } from '@baton/domain'
import type { GatewayContext } from '../context.ts'
import type { Resolvers } from '../generated/resolvers-types.ts'
import { gqlError } from '../graphql/errors.ts'
import {
  partyById,
  requiredAgreement,
  requiredPartyById,
  requiredPartyBySlug,
} from './world-resolvers.ts'

/** The domain's scorecard with the party's id: the parent of Scorecard's fields. */
export type ScorecardView = Scorecard & { partyId: string }

/** A credit owed, by party slug and agreement `slug@version`: the parent of CreditLine's fields (scorecards and simulations). */
export type CreditLineView = {
  partySlug: string
  agreementKey: string
  amount: number
  currency: string
  reason: string
}

/** scorecard(partyId, from, to): the domain's maths over the db's incidents; a vendor sees only its own. */
export async function scorecardQuery(
  ctx: GatewayContext,
  args: { partyId: string; from: Date; to: Date }
): Promise<ScorecardView> {
  const party = await partyById(ctx, args.partyId)
  if (!party || (ctx.viewer.role === 'VENDOR' && ctx.viewer.partyId !== party.id))
    throw gqlError('NOT_FOUND', `no party ${args.partyId}`)
  return {
    ...(await computeScorecard(ctx.deps.db.db, party.slug, args.from, args.to, {
      asOf: ctx.now(),
    })),
    partyId: party.id,
  }
}

export const scorecardResolvers = {
  Scorecard: {
    party: (s, _, ctx) => requiredPartyById(ctx, s.partyId),
    incidents: (s) => s.incidents.touched,
    incidentsHeld: (s) => s.incidents.held,
    incidentsResolved: (s) => s.incidents.resolvedByParty,
    incidentsOpen: (s) => s.incidents.open,
    mtta: (s) => s.mtta.meanMs,
    mttr: (s) => s.mttr.meanMs,
    slaAttainment: (s) => s.attainment.SLA.percent,
    ucAttainment: (s) => s.attainment.UC.percent,
    olaAttainment: (s) => s.attainment.OLA.percent,
    breaches: (s) => s.breachesAttributed.length,
    credits: (s) =>
      s.credits.statements
        .filter((st) => st.total !== 0)
        .map((st): CreditLineView => ({
          partySlug: st.party,
          agreementKey: `${st.agreement.slug}@${st.agreement.version}`,
          amount: st.total,
          currency: st.currency,
          reason: `${st.month}: ${st.lines.length} breach(es), ${st.perBreachTotal} before cap${st.cap !== null ? ` (cap ${st.cap})` : ''}${st.earnedBack ? `, ${st.earnedBack} earned back` : ''}${st.adjustments.length ? `, ${st.adjustments.length} disputed` : ''}`,
        })),
    creditsAccrued: (s) => s.credits.accrued,
    creditsEarnedBack: (s) => s.credits.earnedBack,
    creditsAdjustments: (s) => s.credits.adjustments,
    creditsTotal: (s) => s.credits.total,
    currency: (s) => s.credits.currency,
    handoffsOffered: (s) => s.handoffs.offered,
    handoffsReceived: (s) => s.handoffs.received,
    handoffsAccepted: (s) => s.handoffs.accepted,
    handoffsRejected: (s) => s.handoffs.rejected,
    handoffsOverdue: (s) => s.handoffs.overdue,
    meanTimeToAccept: (s) => s.handoffs.meanTimeToAcceptMs,
    bounceBacks: (s) => s.handoffs.bounceBacks,
    timeHeld: (s) => s.timeHeld.totalMs,
    waiting: (s) =>
      s.timeHeld.waiting.map((w) => ({ reason: w.reason, time: w.ms, share: w.share })),
  },
  CreditLine: {
    party: (c, _, ctx) => requiredPartyBySlug(ctx, c.partySlug),
    agreement: (c, _, ctx) => requiredAgreement(ctx, c.agreementKey),
  },
} satisfies Resolvers
