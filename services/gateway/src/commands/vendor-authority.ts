import {
  AuthorityOverrides,
  PartyKind,
  authorizeEvent,
  actingPartyOf,
  type AuthorityWorld,
} from '@baton/domain'
import type { IncidentRow, PartyRow } from '@baton/db'
import type { CommandOrigin, IncidentCommand } from '@baton/temporal'
import type { GatewayContext } from '../context.ts'
import { gqlError } from '../graphql/errors.ts'
import { vendorSlug } from './acting-party.ts'

/** Party rows as the authority table reads them (kind and the world file's overrides). */
export function authorityWorldOf(rows: readonly PartyRow[]): AuthorityWorld {
  return {
    parties: rows.map((p) => {
      const authority = AuthorityOverrides.safeParse(p.authority ?? undefined)
      return {
        slug: p.slug,
        kind: PartyKind.catch('OTHER').parse(p.kind),
        ...(authority.success && authority.data ? { authority: authority.data } : {}),
      }
    }),
  }
}

/**
 * A VENDOR token's command passes the authority table here, before it reaches the workflow
 * (which applies the same table again as its last line). Refusals are FORBIDDEN naming the rule;
 * staff commands carry no origin.
 */
export async function vendorOrigin(
  ctx: GatewayContext,
  incident: IncidentRow,
  command: IncidentCommand
): Promise<CommandOrigin | undefined> {
  if (ctx.viewer.role !== 'VENDOR') return undefined
  const vendor = await vendorSlug(ctx)
  const { rows, byId } = await ctx.loaders.parties()
  const open = (await ctx.loaders.handoffsByIncident.load(incident.id)).find(
    (h) => h.state === 'OFFERED' || h.state === 'EXPIRED'
  )
  const holder = byId.get(incident.holderPartyId)?.slug ?? ''
  const openOfferTo = open ? byId.get(open.toPartyId)?.slug : undefined
  const party = actingPartyOf(command) ?? vendor
  const decision = authorizeEvent(
    { holder, ...(openOfferTo ? { openOfferTo } : {}) },
    party,
    command.type,
    authorityWorldOf(rows)
  )
  if (party !== vendor || decision.verdict === 'refuse') {
    const message =
      party !== vendor ? `${vendor} cannot act as ${party}` : `${decision.rule}: ${decision.reason}`
    throw gqlError('FORBIDDEN', message, { reason: 'NOT_PERMITTED', rule: decision.rule })
  }
  return { vendor }
}
