import { ledgerEntryBySeq } from '@baton/db'
import type { GatewayContext } from '../context.ts'
import type { Resolvers } from '../generated/resolvers-types.ts'
import { createLoaders, isUuid } from '../loaders/create-loaders.ts'
import { badInput, notFound } from '../graphql/errors.ts'
import { forgetEvaluationInstant } from './clocks.ts'

type Args = { incidentId?: string | null; partyId?: string | null }

/**
 * Checks the arguments before the stream opens, like a query: an incident the viewer cannot see
 * is NOT_FOUND (over SSE and graphql-ws alike), not a silent stream that never yields.
 */
async function incidentEvents(_: unknown, args: Args, ctx: GatewayContext) {
  if (args.incidentId != null && !isUuid(args.incidentId))
    throw badInput('incidentId: not an id', 'incidentId')
  if (args.partyId != null && !isUuid(args.partyId)) throw badInput('partyId: not an id', 'partyId')
  if (args.incidentId != null && !(await ctx.loaders.incident.load(args.incidentId)))
    throw notFound('incident', args.incidentId)
  return incidentEventStream(args, ctx)
}

/**
 * Each committed ledger entry, re-read through the subscriber's own scope before it is sent. A
 * subscription keeps one context for all its events, so each event gets fresh loaders and its own
 * evaluation instant: its payload reads like a query made at that event. (Loaders kept across
 * events remembered what an earlier payload found: a handoff named by the workflow's state one
 * entry before its row was written stayed "missing", so the board's row lost the offer's
 * acceptance countdown; bonds' last messages and escalations stayed as first read.)
 */
async function* incidentEventStream(args: Args, ctx: GatewayContext) {
  for await (const notice of ctx.events.subscribe()) {
    if (args.incidentId && notice.incidentId !== args.incidentId) continue
    ctx.loaders = createLoaders(ctx.deps.db.db, ctx.viewer, {
      worldMaxStaleMs: ctx.deps.freshness?.worldMs ?? 1000,
    })
    forgetEvaluationInstant(ctx)
    const incident = await ctx.loaders.incident.load(notice.incidentId)
    if (!incident) continue
    if (
      args.partyId &&
      incident.holderPartyId !== args.partyId &&
      !(await ctx.loaders.bondsByIncident.load(incident.id)).some((b) => b.partyId === args.partyId)
    )
      continue
    const entry = await ledgerEntryBySeq(ctx.deps.db.db, incident.id, notice.seq)
    if (entry) yield { incidentEvents: { incident, entry } }
  }
}

export const subscriptionResolvers = {
  Subscription: { incidentEvents: { subscribe: incidentEvents } },
} satisfies Resolvers
