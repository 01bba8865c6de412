import {
  clockCreditLines,
  decideDispute,
  getDispute,
  listDisputes,
  listReviewPackNotifications,
  listReviewPacks,
  monthlyCreditStatements,
  openDispute,
  recomputeWhatIf,
  type DisputeRow,
  type ReviewPackRow,
  type WhatIfResult,
} from '@baton/db'
import type { MonthlyCreditStatement } from '@baton/domain'
import type { GatewayContext } from '../context.ts'
import type {
  MutationDecideDisputeArgs,
  MutationOpenDisputeArgs,
  MutationRecomputeSettlementWhatIfArgs,
  QueryCreditStatementsArgs,
  QueryDisputeArgs,
  QueryDisputesArgs,
  QueryReviewPacksArgs,
  Resolvers,
  ReviewPackKind,
} from '../generated/resolvers-types.ts'
import { requireOperator } from '../auth/authorize.ts'
import { actorLabel, incidentInScope, vendorSlug } from '../commands/acting-party.ts'
import { pageSize, DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../graphql/cursors.ts'
import { badInput, forbidden, notFound } from '../graphql/errors.ts'
import { isUuid } from '../loaders/create-loaders.ts'
import { enumValue } from './enum-value.ts'
import type { CreditLineView } from './scorecard-resolvers.ts'
import { partyById, partyBySlug, requiredIncident, requiredPartyBySlug } from './world-resolvers.ts'

type Ctx = GatewayContext
const PACK_KINDS: Record<string, ReviewPackKind> = {
  weekly: 'WEEKLY',
  monthly: 'MONTHLY',
  quarterly: 'QUARTERLY',
}
const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/
const MAX_MONTHS = 36

/**
 * The party slug a read is about. A VENDOR token may only name itself (another party is NOT_FOUND,
 * never a hint that it exists) and is pinned to itself when it names nobody.
 */
async function readableParty(
  ctx: Ctx,
  partyId: string | null | undefined
): Promise<string | undefined> {
  const own = ctx.viewer.role === 'VENDOR' ? await vendorSlug(ctx) : undefined
  if (partyId == null) return own
  const party = await partyById(ctx, partyId)
  if (!party || (own !== undefined && party.slug !== own)) throw notFound('party', partyId)
  return party.slug
}

async function disputesQuery(ctx: Ctx, a: QueryDisputesArgs): Promise<DisputeRow[]> {
  const party = await readableParty(ctx, a.partyId)
  if (a.incidentId != null && !isUuid(a.incidentId)) return []
  return listDisputes(ctx.deps.db.db, {
    incidentId: a.incidentId ?? undefined,
    party,
    state: a.state ?? undefined,
  })
}

/** One dispute; a VENDOR token sees only its own party's (null otherwise, as for a missing id). */
async function disputeQuery(ctx: Ctx, a: QueryDisputeArgs): Promise<DisputeRow | null> {
  if (!isUuid(a.id)) return null
  const row = await getDispute(ctx.deps.db.db, a.id)
  if (!row) return null
  if (ctx.viewer.role === 'VENDOR' && row.party !== (await vendorSlug(ctx))) return null
  return row
}

async function reviewPacksQuery(ctx: Ctx, a: QueryReviewPacksArgs): Promise<ReviewPackRow[]> {
  const party = await readableParty(ctx, a.partyId)
  const first = pageSize(a.first, DEFAULT_PAGE_SIZE, ctx.deps.limits?.maxPage ?? MAX_PAGE_SIZE)
  const rows = await listReviewPacks(ctx.deps.db.db, { kind: a.kind?.toLowerCase(), party, first })
  // Packs about every party (weekly, quarterly) compare vendors with each other: staff only.
  return party === undefined ? rows : rows.filter((p) => p.party === party)
}

async function creditStatementsQuery(
  ctx: Ctx,
  a: QueryCreditStatementsArgs
): Promise<MonthlyCreditStatement[]> {
  const party = await readableParty(ctx, a.partyId)
  if (party === undefined) throw notFound('party', a.partyId)
  const bad = a.months.find((m) => !MONTH.test(m))
  if (bad !== undefined) throw badInput(`months: ${bad} is not YYYY-MM`, 'months')
  if (a.months.length > MAX_MONTHS) throw badInput(`months: at most ${MAX_MONTHS}`, 'months')
  return monthlyCreditStatements(ctx.deps.db.db, party, [...new Set(a.months)], { asOf: ctx.now() })
}

/** A VENDOR contests a breach attributed to its own party on an incident it can see. */
async function openDisputeMutation(ctx: Ctx, a: MutationOpenDisputeArgs): Promise<DisputeRow> {
  if (ctx.viewer.role !== 'VENDOR')
    throw forbidden('openDispute needs a VENDOR token: a party disputes what is attributed to it')
  const party = await vendorSlug(ctx)
  const incident = await incidentInScope(ctx, a.incidentId)
  const actor = await actorLabel(ctx)
  const row = await openDispute(ctx.deps.db.db, {
    incidentId: incident.id,
    clockId: a.clockId,
    party,
    evidence: a.evidence,
    at: ctx.now().toISOString(),
    actor,
  })
  ctx.log.info(
    { disputeId: row.id, incidentId: incident.id, clockId: a.clockId, party },
    'dispute opened'
  )
  return row
}

async function decideDisputeMutation(ctx: Ctx, a: MutationDecideDisputeArgs): Promise<DisputeRow> {
  requireOperator(ctx.viewer, 'decideDispute')
  if (!isUuid(a.disputeId)) throw notFound('dispute', a.disputeId)
  const decidedBy = ctx.viewer.name || 'staff'
  const actor = await actorLabel(ctx)
  const row = await decideDispute(ctx.deps.db.db, {
    disputeId: a.disputeId,
    accept: a.accept,
    reason: a.reason,
    decidedBy,
    at: ctx.now().toISOString(),
    actor,
  })
  ctx.log.info(
    { disputeId: row.id, state: row.state, adjustment: row.adjustment, decidedBy },
    'dispute decided'
  )
  return row
}

async function recomputeWhatIfMutation(
  ctx: Ctx,
  a: MutationRecomputeSettlementWhatIfArgs
): Promise<WhatIfResult> {
  requireOperator(ctx.viewer, 'recomputeSettlementWhatIf')
  const incident = await incidentInScope(ctx, a.incidentId)
  return recomputeWhatIf(ctx.deps.db.db, incident.id, {
    requestedBy: ctx.viewer.name || 'staff',
    now: ctx.now(),
  })
}

/** The parents of WhatIfClockChange and WhatIfCreditChange. */
export type WhatIfClock = WhatIfResult['diff']['clocks'][number]
export type WhatIfCredit = WhatIfResult['diff']['credits'][number]

export const accountabilityResolvers = {
  Query: {
    dispute: (_, a, ctx) => disputeQuery(ctx, a),
    disputes: (_, a, ctx) => disputesQuery(ctx, a),
    reviewPacks: (_, a, ctx) => reviewPacksQuery(ctx, a),
    creditStatements: (_, a, ctx) => creditStatementsQuery(ctx, a),
  },
  Mutation: {
    openDispute: (_, a, ctx) => openDisputeMutation(ctx, a),
    decideDispute: (_, a, ctx) => decideDisputeMutation(ctx, a),
    recomputeSettlementWhatIf: (_, a, ctx) => recomputeWhatIfMutation(ctx, a),
  },
  Dispute: {
    incident: (d, _, ctx) => requiredIncident(ctx, d.incidentId),
    party: (d, _, ctx) => requiredPartyBySlug(ctx, d.party),
    creditLines: async (d, _, ctx) =>
      (await clockCreditLines(ctx.deps.db.db, d.incidentId, d.clockId)).map(
        (l): CreditLineView => ({
          partySlug: l.party,
          agreementKey: `${l.agreementSlug}@${l.agreementVersion}`,
          amount: l.amount,
          currency: l.currency,
          reason: l.reason,
        })
      ),
  },
  ReviewPack: {
    kind: (p) => enumValue(PACK_KINDS, p.kind, 'ReviewPack.kind'),
    party: (p, _, ctx) => partyBySlug(ctx, p.party),
    from: (p) => p.periodFrom,
    to: (p) => p.periodTo,
    charts: (p) => (Array.isArray(p.charts) ? p.charts : []),
    // the retained organisation's recipients and channels are not a vendor's business
    notifications: (p, _, ctx) =>
      ctx.viewer.role === 'VENDOR' ? [] : listReviewPackNotifications(ctx.deps.db.db, p.id),
  },
  MonthlyCreditStatement: {
    agreement: async (s, _, ctx) =>
      (await ctx.loaders.agreements()).bySlugVersion.get(
        `${s.agreement.slug}@${s.agreement.version}`
      ) ?? null,
  },
  SettlementWhatIf: {
    incident: (w, _, ctx) => requiredIncident(ctx, w.incidentId),
    agreementVersions: (w) =>
      Object.entries(w.agreementVersions)
        .sort(([x], [y]) => x.localeCompare(y))
        .map(([slug, v]) => `${slug}@${v}`),
    clocks: (w) => w.diff.clocks,
    credits: (w) => w.diff.credits,
    totalDelta: (w) => w.diff.totalDelta,
  },
  WhatIfClockChange: {
    stateBefore: (c) => c.before?.state ?? null,
    stateAfter: (c) => c.after?.state ?? null,
    attributedToBefore: (c, _, ctx) => partyBySlug(ctx, c.before?.attributedTo),
    attributedToAfter: (c, _, ctx) => partyBySlug(ctx, c.after?.attributedTo),
  },
  WhatIfCreditChange: {
    party: (c, _, ctx) => partyBySlug(ctx, c.party),
  },
} satisfies Resolvers
