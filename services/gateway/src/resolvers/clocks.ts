import { z } from 'zod'
import { computeClocks, IncidentEvent, type ClockView, type World } from '@baton/domain'
import type { AgreementRow, IncidentRow } from '@baton/db'
import type { GatewayContext } from '../context.ts'
import { partyBySlug } from './world-resolvers.ts'

const PersistedState = z.object({ events: z.array(IncidentEvent).optional(), clocks: z.array(z.unknown()).optional() }).loose()
const FINAL = new Set(['RESOLVED', 'CLOSED'])

/** The world an incident binds to: per agreement slug, the newest version in force at its opening. */
export function pinWorld(world: World, openedAt: Date): World {
  const inForce = new Map<string, World['agreements'][number]>()
  for (const a of world.agreements) {
    if (Date.parse(a.effectiveFrom) > openedAt.getTime()) continue
    const seen = inForce.get(a.slug)
    if (!seen || seen.version < a.version) inForce.set(a.slug, a)
  }
  return { ...world, agreements: [...inForce.values()] }
}

/**
 * Live clock figures: the domain's computeClocks over the incident's events (from the projection)
 * as of now. A resolved or closed incident's clocks no longer move, so its persisted ones are used.
 */
export async function incidentClocks(ctx: GatewayContext, incident: IncidentRow): Promise<ClockView[]> {
  const state = PersistedState.safeParse(incident.state)
  if (!state.success) return []
  const persisted = (state.data.clocks ?? []) as ClockView[]
  if (FINAL.has(incident.status) || !state.data.events?.length) return persisted
  const world = await ctx.loaders.world()
  return computeClocks({ events: state.data.events, world: pinWorld(world, incident.openedAt) }, ctx.now())
}

export const clockResolvers = {
  Clock: {
    agreement: async (c: ClockView, _: unknown, ctx: GatewayContext): Promise<AgreementRow | Record<string, unknown>> => {
      const row = (await ctx.loaders.agreements()).bySlugVersion.get(`${c.agreement.slug}@${c.agreement.version}`)
      // A version deleted from the world still names what the clock was bound to.
      return row ?? { id: `${c.agreement.slug}@${c.agreement.version}`, slug: c.agreement.slug, version: c.agreement.version, name: c.agreement.name, kind: c.agreement.kind, providerPartyId: null, customerPartyId: null, effectiveFrom: new Date(0), publishedAt: new Date(0) }
    },
    party: (c: ClockView, _: unknown, ctx: GatewayContext) => partyBySlug(ctx, c.party),
    target: (c: ClockView) => c.targetMs,
    elapsed: (c: ClockView) => c.elapsedMs,
    remaining: (c: ClockView) => c.remainingMs,
    attributedTo: (c: ClockView, _: unknown, ctx: GatewayContext) => partyBySlug(ctx, c.attributedTo),
    handoff: async (c: ClockView, _: unknown, ctx: GatewayContext) => (c.handoffId ? ctx.loaders.handoff.load(c.handoffId) : null),
  },
}
