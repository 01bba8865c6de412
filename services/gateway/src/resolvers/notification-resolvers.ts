import { asc, eq } from 'drizzle-orm'
import { notifications } from '@baton/db'
import { ladderCoverage, type LadderCoverageStep } from '@baton/domain'
import type { GatewayContext } from '../context.ts'
import { requireStaffRead } from '../auth/authorize.ts'
import { gqlError } from '../graphql/errors.ts'
import { partyById, partyBySlug } from './world-resolvers.ts'

/** The Monday 00:00 UTC of the week `now` is in: coverage is checked over the current week. */
const weekStartOf = (now: Date) => {
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()))
  d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7))
  return d
}

export async function ladderCoverageQuery(ctx: GatewayContext, args: { partyId: string }): Promise<LadderCoverageStep[]> {
  requireStaffRead(ctx.viewer, 'ladderCoverage')
  const party = await partyById(ctx, args.partyId)
  if (!party) throw gqlError('NOT_FOUND', `no party ${args.partyId}`)
  return ladderCoverage(await ctx.loaders.world(), party.slug, { weekStart: weekStartOf(ctx.now()) })
}

export const notificationResolvers = {
  LadderCoverageStep: {
    party: (s: LadderCoverageStep, _: unknown, ctx: GatewayContext) => partyBySlug(ctx, s.party),
  },
  CoverageHole: {
    reason: (h: { reason: string }) => h.reason.toUpperCase().replace(/-/g, '_'),
  },
  Incident: {
    // The incident resolver already enforced the viewer's scope on the parent.
    notifications: (incident: { id: string }, _: unknown, ctx: GatewayContext) =>
      ctx.deps.db.db.select().from(notifications).where(eq(notifications.incidentId, incident.id)).orderBy(asc(notifications.createdAt), asc(notifications.recipient)),
  },
}
