import type { Resolvers } from '../generated/resolvers-types.ts'
import {
  acceptPriorityChange,
  declinePriorityChange,
  priorityRequestsOf,
} from '../commands/priority-requests.ts'
import { partyBySlug, requiredPartyBySlug } from './world-resolvers.ts'

/** Vendors' priority change requests (authority as data) and the retained team's answers. */
export const priorityRequestResolvers = {
  Incident: {
    priorityChangeRequests: (i) => priorityRequestsOf(i),
  },
  PriorityChangeRequest: {
    requestedBy: (r, _, ctx) => requiredPartyBySlug(ctx, r.party),
    fromPriority: (r) => r.from,
    answeredAt: (r) => r.answeredAt ?? null,
    answeredBy: (r, _, ctx) => partyBySlug(ctx, r.answeredBy),
    answer: (r) => r.answer ?? null,
  },
  Mutation: {
    acceptPriorityChange: (_, a, ctx) => acceptPriorityChange(ctx, a),
    declinePriorityChange: (_, a, ctx) => declinePriorityChange(ctx, a),
  },
} satisfies Resolvers
