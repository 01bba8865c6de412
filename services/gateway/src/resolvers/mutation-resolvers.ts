import { createApiToken, revokeApiToken, type ApiTokenRole, type CreatedApiToken } from '@baton/db'
import type { Resolvers } from '../generated/resolvers-types.ts'
import { requireAdmin } from '../auth/authorize.ts'
import { badInput } from '../graphql/errors.ts'
import { declareIncident } from '../commands/declare-incident.ts'
import * as actions from '../commands/incident-actions.ts'
import { isUuid } from '../loaders/create-loaders.ts'
import { partyById } from './world-resolvers.ts'

/** A token just made, shown once: the parent of CreatedApiToken's fields. */
export type CreatedTokenView = CreatedApiToken & {
  name: string
  role: ApiTokenRole
  partyId: string | null
}

export const mutationResolvers = {
  Mutation: {
    declareIncident: (_, a, ctx) => declareIncident(ctx, a.input),
    acknowledgeIncident: (_, a, ctx) => actions.acknowledgeIncident(ctx, a.incidentId),
    offerHandoff: (_, a, ctx) => actions.offerHandoff(ctx, a.input),
    respondToHandoff: (_, a, ctx) => actions.respondToHandoff(ctx, a.input),
    withdrawHandoff: (_, a, ctx) => actions.withdrawHandoff(ctx, a.handoffId),
    setWaiting: (_, a, ctx) => actions.setWaiting(ctx, a.input),
    resumeWork: (_, a, ctx) => actions.resumeWork(ctx, a.incidentId),
    resolveIncident: (_, a, ctx) => actions.resolveIncident(ctx, a.input),
    reopenIncident: (_, a, ctx) => actions.reopenIncident(ctx, a.incidentId, a.reason),
    closeIncident: (_, a, ctx) => actions.closeIncident(ctx, a.incidentId),
    addComment: (_, a, ctx) => actions.addComment(ctx, a.incidentId, a.body),
    createApiToken: async (_, a, ctx) => {
      requireAdmin(ctx.viewer, 'createApiToken')
      const { name, role, partyId } = a.input
      if (!name.trim()) throw badInput('name: must not be empty', 'name')
      if (partyId != null && (!isUuid(partyId) || !(await partyById(ctx, partyId))))
        throw badInput(`partyId: no party ${partyId}`, 'partyId')
      try {
        const created = await createApiToken(ctx.deps.db.db, {
          name,
          role,
          partyId: partyId ?? null,
        })
        ctx.log.info({ tokenId: created.id, role, partyId }, 'api token created')
        return { ...created, name, role, partyId: partyId ?? null } satisfies CreatedTokenView
      } catch (error) {
        if (error instanceof RangeError) throw badInput(error.message, error.message.split(':')[0])
        throw error
      }
    },
    revokeApiToken: async (_, a, ctx) => {
      requireAdmin(ctx.viewer, 'revokeApiToken')
      return isUuid(a.id) ? revokeApiToken(ctx.deps.db.db, a.id) : false
    },
  },
  CreatedApiToken: {
    party: (t, _, ctx) => partyById(ctx, t.partyId),
  },
} satisfies Resolvers
