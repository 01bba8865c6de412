import { AccountabilityError, computeScorecard } from '@baton/db'
import type { Scorecard } from '@baton/domain'
import type { GatewayContext } from '../context.ts'
import { gqlError } from '../graphql/errors.ts'
import { partyById, partyBySlug } from './world-resolvers.ts'

type ScorecardView = Scorecard & { partyId: string }

/** scorecard(partyId, from, to): the domain's maths over the db's incidents; a vendor sees only its own. */
export async function scorecardQuery(ctx: GatewayContext, args: { partyId: string; from: Date; to: Date }): Promise<ScorecardView> {
  const party = await partyById(ctx, args.partyId)
  if (!party || (ctx.viewer.role === 'VENDOR' && ctx.viewer.partyId !== party.id)) throw gqlError('NOT_FOUND', `no party ${args.partyId}`)
  try {
    return { ...(await computeScorecard(ctx.deps.db.db, party.slug, args.from, args.to, { asOf: ctx.now() })), partyId: party.id }
  } catch (error) {
    if (error instanceof AccountabilityError) throw gqlError(error.code, error.message)
    throw error
  }
}

export const scorecardResolvers = {
  Scorecard: {
    party: (s: ScorecardView, _: unknown, ctx: GatewayContext) => partyById(ctx, s.partyId),
    incidents: (s: ScorecardView) => s.incidents.touched,
    incidentsHeld: (s: ScorecardView) => s.incidents.held,
    incidentsResolved: (s: ScorecardView) => s.incidents.resolvedByParty,
    incidentsOpen: (s: ScorecardView) => s.incidents.open,
    mtta: (s: ScorecardView) => s.mtta.meanMs,
    mttr: (s: ScorecardView) => s.mttr.meanMs,
    slaAttainment: (s: ScorecardView) => s.attainment.SLA.percent,
    ucAttainment: (s: ScorecardView) => s.attainment.UC.percent,
    olaAttainment: (s: ScorecardView) => s.attainment.OLA.percent,
    breaches: (s: ScorecardView) => s.breachesAttributed.length,
    credits: (s: ScorecardView) => s.credits.statements.filter((st) => st.total !== 0).map((st) => ({
      partySlug: st.party, agreementKey: `${st.agreement.slug}@${st.agreement.version}`, amount: st.total, currency: st.currency,
      reason: `${st.month}: ${st.lines.length} breach(es), ${st.perBreachTotal} before cap${st.cap !== null ? ` (cap ${st.cap})` : ''}${st.earnedBack ? `, ${st.earnedBack} earned back` : ''}${st.adjustments.length ? `, ${st.adjustments.length} disputed` : ''}`,
    })),
    creditsAccrued: (s: ScorecardView) => s.credits.accrued,
    creditsEarnedBack: (s: ScorecardView) => s.credits.earnedBack,
    creditsAdjustments: (s: ScorecardView) => s.credits.adjustments,
    creditsTotal: (s: ScorecardView) => s.credits.total,
    currency: (s: ScorecardView) => s.credits.currency,
    handoffsOffered: (s: ScorecardView) => s.handoffs.offered,
    handoffsReceived: (s: ScorecardView) => s.handoffs.received,
    handoffsAccepted: (s: ScorecardView) => s.handoffs.accepted,
    handoffsRejected: (s: ScorecardView) => s.handoffs.rejected,
    handoffsOverdue: (s: ScorecardView) => s.handoffs.overdue,
    meanTimeToAccept: (s: ScorecardView) => s.handoffs.meanTimeToAcceptMs,
    bounceBacks: (s: ScorecardView) => s.handoffs.bounceBacks,
    timeHeld: (s: ScorecardView) => s.timeHeld.totalMs,
    waiting: (s: ScorecardView) => s.timeHeld.waiting.map((w) => ({ reason: w.reason, time: w.ms, share: w.share })),
  },
  CreditLine: {
    party: (c: { partySlug?: string; party?: unknown }, _: unknown, ctx: GatewayContext) => (c.partySlug ? partyBySlug(ctx, c.partySlug) : c.party),
    agreement: async (c: { agreementKey?: string; agreement?: unknown }, _: unknown, ctx: GatewayContext) => (c.agreementKey ? (await ctx.loaders.agreements()).bySlugVersion.get(c.agreementKey) : c.agreement),
  },
}
