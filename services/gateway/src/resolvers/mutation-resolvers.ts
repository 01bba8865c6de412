import { createApiToken, revokeApiToken, type ApiTokenRole } from '@baton/db'
import type { GatewayContext } from '../context.ts'
import { requireAdmin } from '../auth/authorize.ts'
import { badInput } from '../graphql/errors.ts'
import { declareIncident, type DeclareIncidentInput } from '../commands/declare-incident.ts'
import * as actions from '../commands/incident-actions.ts'
import { isUuid } from '../loaders/create-loaders.ts'
import { partyById } from './world-resolvers.ts'
import { decideDisputeMutation, openDisputeMutation, recomputeWhatIfMutation } from './accountability-resolvers.ts'

type Ctx = GatewayContext
type IncidentArg = { incidentId: string }

export const mutationResolvers = {
  Mutation: {
    declareIncident: (_: unknown, a: { input: DeclareIncidentInput }, ctx: Ctx) => declareIncident(ctx, a.input),
    acknowledgeIncident: (_: unknown, a: IncidentArg, ctx: Ctx) => actions.acknowledgeIncident(ctx, a.incidentId),
    offerHandoff: (_: unknown, a: { input: Parameters<typeof actions.offerHandoff>[1] }, ctx: Ctx) => actions.offerHandoff(ctx, a.input),
    respondToHandoff: (_: unknown, a: { input: Parameters<typeof actions.respondToHandoff>[1] }, ctx: Ctx) => actions.respondToHandoff(ctx, a.input),
    withdrawHandoff: (_: unknown, a: { handoffId: string }, ctx: Ctx) => actions.withdrawHandoff(ctx, a.handoffId),
    setWaiting: (_: unknown, a: { input: Parameters<typeof actions.setWaiting>[1] }, ctx: Ctx) => actions.setWaiting(ctx, a.input),
    resumeWork: (_: unknown, a: IncidentArg, ctx: Ctx) => actions.resumeWork(ctx, a.incidentId),
    resolveIncident: (_: unknown, a: { input: Parameters<typeof actions.resolveIncident>[1] }, ctx: Ctx) => actions.resolveIncident(ctx, a.input),
    reopenIncident: (_: unknown, a: IncidentArg & { reason: string }, ctx: Ctx) => actions.reopenIncident(ctx, a.incidentId, a.reason),
    closeIncident: (_: unknown, a: IncidentArg, ctx: Ctx) => actions.closeIncident(ctx, a.incidentId),
    addComment: (_: unknown, a: IncidentArg & { body: string }, ctx: Ctx) => actions.addComment(ctx, a.incidentId, a.body),
    createApiToken: async (_: unknown, a: { input: { name: string; role: ApiTokenRole; partyId?: string | null } }, ctx: Ctx) => {
      requireAdmin(ctx.viewer, 'createApiToken')
      const { name, role, partyId } = a.input
      if (!name.trim()) throw badInput('name: must not be empty', 'name')
      if (partyId && (!isUuid(partyId) || !(await partyById(ctx, partyId)))) throw badInput(`partyId: no party ${partyId}`, 'partyId')
      try {
        const created = await createApiToken(ctx.deps.db.db, { name, role, partyId: partyId ?? null })
        ctx.log.info({ tokenId: created.id, role, partyId }, 'api token created')
        return { ...created, name, role, partyId: partyId ?? null }
      } catch (error) {
        if (error instanceof RangeError) throw badInput(error.message, error.message.split(':')[0])
        throw error
      }
    },
    revokeApiToken: async (_: unknown, a: { id: string }, ctx: Ctx) => {
      requireAdmin(ctx.viewer, 'revokeApiToken')
      return isUuid(a.id) ? revokeApiToken(ctx.deps.db.db, a.id) : false
    },
    openDispute: (_: unknown, a: Parameters<typeof openDisputeMutation>[1], ctx: Ctx) => openDisputeMutation(ctx, a),
    decideDispute: (_: unknown, a: Parameters<typeof decideDisputeMutation>[1], ctx: Ctx) => decideDisputeMutation(ctx, a),
    recomputeSettlementWhatIf: (_: unknown, a: IncidentArg, ctx: Ctx) => recomputeWhatIfMutation(ctx, a),
  },
  CreatedApiToken: {
    party: (t: { partyId: string | null }, _: unknown, ctx: Ctx) => partyById(ctx, t.partyId),
  },
}
