import { escalationPreview, type PlannedStep, type Priority } from '@baton/domain'
import type { GatewayContext } from '../context.ts'
import type { Resolvers } from '../generated/resolvers-types.ts'
import { badInput, notFound } from '../graphql/errors.ts'
import { partyById, partyBySlug, requiredPartyBySlug } from './world-resolvers.ts'

/** The ladder timeline a party would run if asked to act at `at` and it never answered. */
export async function previewEscalations(
  ctx: GatewayContext,
  args: { partyId: string; priority: Priority; at: Date }
): Promise<PlannedStep[]> {
  const party = await partyById(ctx, args.partyId)
  // A vendor previews only its own ladder: another party's ladder names its people and their addresses.
  if (party && ctx.viewer.role === 'VENDOR' && ctx.viewer.partyId !== party.id)
    throw notFound('party', args.partyId)
  if (!party) throw badInput(`partyId: no party ${args.partyId}`, 'partyId')
  return escalationPreview(await ctx.loaders.world(), party.slug, args.priority, args.at, {
    afterBusiness: 'follow-the-sun',
  })
}

export const plannedEscalationResolvers = {
  PlannedEscalation: {
    party: (s, _, ctx) => requiredPartyBySlug(ctx, s.party),
    desk: async (s, _, ctx) => {
      const party = await partyBySlug(ctx, s.party)
      return party && s.desk
        ? (((await ctx.loaders.desks()).byParty.get(party.id) ?? []).find(
            (d) => d.slug === s.desk
          ) ?? null)
        : null
    },
    recipients: (s) =>
      s.recipients.map(
        (r) => `${r.name}${r.role ? ` (${r.role})` : ''}${r.address ? ` <${r.address}>` : ''}`
      ),
    localTime: (s) => s.recipients.map((r) => `${r.name}: ${r.localTime}`).join('; '),
  },
} satisfies Resolvers
