import type { IncidentRow } from '@baton/db'
import type { GatewayContext } from '../context.ts'
import { isUuid } from '../loaders/create-loaders.ts'
import { badInput, gqlError, notFound } from '../graphql/errors.ts'
import { requireWriter } from '../auth/authorize.ts'

/** The incident within the caller's scope, or NOT_FOUND (never a hint that it exists elsewhere). */
export async function incidentInScope(ctx: GatewayContext, id: string): Promise<IncidentRow> {
  const row = isUuid(id) ? await ctx.loaders.incident.load(id) : null
  if (!row) throw notFound('incident', id)
  return row
}

/** The incident a write targets: VIEWER tokens are refused before anything is looked up. */
export async function incidentForWrite(ctx: GatewayContext, id: string): Promise<IncidentRow> {
  requireWriter(ctx.viewer)
  return incidentInScope(ctx, id)
}

export async function partySlugById(
  ctx: GatewayContext,
  id: string,
  field: string
): Promise<string> {
  const party = (await ctx.loaders.parties()).byId.get(id)
  if (!party) throw badInput(`${field}: no party ${id}`, field)
  return party.slug
}

/** The retained organisation: the party staff tokens act as when no other party is implied. */
export async function retainedSlug(ctx: GatewayContext): Promise<string> {
  const retained = (await ctx.loaders.parties()).rows.find((p) => p.kind === 'RETAINED')
  if (!retained)
    throw gqlError('CONFLICT', 'the world has no RETAINED party: apply a world first', {
      reason: 'NO_RETAINED_PARTY',
    })
  return retained.slug
}

/** The VENDOR token's own party slug. */
export async function vendorSlug(ctx: GatewayContext): Promise<string> {
  const party = ctx.viewer.partyId
    ? (await ctx.loaders.parties()).byId.get(ctx.viewer.partyId)
    : undefined
  if (!party) throw gqlError('FORBIDDEN', "this token's party no longer exists")
  return party.slug
}

/**
 * Who acts: a VENDOR token always acts as its own party (the workflow refuses it with CONFLICT if
 * that party may not); staff act as the party the domain requires (`onBehalfOf`).
 */
export async function actingParty(
  ctx: GatewayContext,
  onBehalfOf: () => Promise<string>
): Promise<string> {
  return ctx.viewer.role === 'VENDOR' ? vendorSlug(ctx) : onBehalfOf()
}

/** The ledger's actor: the acting party and the token used, e.g. `northwind/token:console-admin`. */
export async function actorLabel(ctx: GatewayContext): Promise<string> {
  const party =
    ctx.viewer.role === 'VENDOR'
      ? await vendorSlug(ctx)
      : await retainedSlug(ctx).catch(() => 'staff')
  return `${party}/token:${ctx.viewer.name}`
}

export const holderSlug = (ctx: GatewayContext, incident: IncidentRow) =>
  partySlugById(ctx, incident.holderPartyId, 'holder')
