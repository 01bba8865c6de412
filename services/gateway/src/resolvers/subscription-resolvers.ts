import { ledgerEntryBySeq } from '@baton/db'
import type { GatewayContext } from '../context.ts'
import type { Resolvers } from '../generated/resolvers-types.ts'
import { isUuid } from '../loaders/create-loaders.ts'
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

/** Each committed ledger entry, re-read through the subscriber's own scope before it is sent. */
async function* incidentEventStream(args: Args, ctx: GatewayContext) {
  for await (const notice of ctx.events.subscribe()) {
    if (args.incidentId && notice.incidentId !== args.incidentId) continue
    ctx.loaders.incident.clear(notice.incidentId)
    ctx.loaders.bondsByIncident.clear(notice.incidentId)
    ctx.loaders.handoffsByIncident.clear(notice.incidentId)
    ctx.loaders.ledgerByIncident.clear(notice.incidentId)
    const incident = await ctx.loaders.incident.load(notice.incidentId)
    if (!incident) continue
    if (
      args.partyId &&
      incident.holderPartyId !== args.partyId &&
      !(await ctx.loaders.bondsByIncident.load(incident.id)).some((b) => b.partyId === args.partyId)
    )
      continue
    const entry = await ledgerEntryBySeq(ctx.deps.db.db, incident.id, notice.seq)
    forgetEvaluationInstant(ctx)
    if (entry) yield { incidentEvents: { incident, entry } }
  }
}

export const subscriptionResolvers = {
  Subscription: { incidentEvents: { subscribe: incidentEvents } },
} satisfies Resolvers
