import {
  computeCredits,
  computeIncidentView,
  deriveCustody,
  evaluateLadder,
  type IncidentEvent,
} from '@baton/domain'
import type { GatewayContext } from '../context.ts'
import type { SimulateIncidentInput } from '../generated/resolvers-types.ts'
import { requireStaffRead } from '../auth/authorize.ts'
import { badInput } from '../graphql/errors.ts'
import { partyById, requiredPartyBySlug } from './world-resolvers.ts'
import type { CreditLineView } from './scorecard-resolvers.ts'
import { pinWorld } from './clocks.ts'

/**
 * What-if: the same domain functions a live incident uses (reducer, clocks, ladders, credits)
 * over an explicit timeline, against the agreement versions in force at openedAt. Writes nothing.
 */
export async function simulateIncident(ctx: GatewayContext, input: SimulateIncidentInput) {
  requireStaffRead(ctx.viewer, 'simulateIncident')
  const slugOf = async (id: string | null | undefined, field: string) => {
    if (id == null) return undefined
    const p = await partyById(ctx, id)
    if (!p) throw badInput(`${field}: no party ${id}`, field)
    return p.slug as string
  }
  const service = input.serviceId
    ? (await ctx.loaders.services()).rows.find((s) => s.id === input.serviceId)?.slug
    : undefined
  if (input.serviceId && !service)
    throw badInput(`input.serviceId: no service ${input.serviceId}`, 'input.serviceId')
  const events: IncidentEvent[] = [
    {
      type: 'opened',
      at: input.openedAt.toISOString(),
      priority: input.priority,
      holder: (await slugOf(input.holderPartyId, 'input.holderPartyId'))!,
      title: 'simulation',
      ...(service ? { serviceId: service } : {}),
    },
  ]
  let offers = 0
  for (const [i, e] of input.events.entries()) {
    const field = `input.events[${i}]`
    const state = deriveCustody(events)
    const party = (await slugOf(e.partyId, `${field}.partyId`)) ?? state.holder
    const at = e.at.toISOString()
    const open = (pred: (h: (typeof state.handoffs)[number]) => boolean) =>
      [...state.handoffs]
        .reverse()
        .find((h) => (h.state === 'OFFERED' || h.state === 'EXPIRED') && pred(h))?.id ?? 'none-open'
    switch (e.type) {
      case 'ACKNOWLEDGED':
        events.push({ type: 'acknowledged', at, party })
        break
      case 'HANDOFF_OFFERED': {
        const to = await slugOf(e.toPartyId, `${field}.toPartyId`)
        if (!to)
          throw badInput(`${field}.toPartyId is required for HANDOFF_OFFERED`, `${field}.toPartyId`)
        events.push({
          type: 'handoff_offered',
          at,
          handoffId: `SIM-H${++offers}`,
          from: party,
          to,
          reason: e.reason ?? 'simulated',
          ...(e.reasonCode ? { reasonCode: e.reasonCode } : {}),
        })
        break
      }
      case 'HANDOFF_ACCEPTED':
        events.push({ type: 'handoff_accepted', at, party, handoffId: open((h) => h.to === party) })
        break
      case 'HANDOFF_REJECTED':
        events.push({
          type: 'handoff_rejected',
          at,
          party,
          handoffId: open((h) => h.to === party),
          reason: e.reason ?? 'simulated',
        })
        break
      case 'HANDOFF_WITHDRAWN':
        events.push({
          type: 'handoff_withdrawn',
          at,
          party,
          handoffId: open((h) => h.from === party),
        })
        break
      case 'WAITING': {
        const on = await slugOf(e.onPartyId, `${field}.onPartyId`)
        if (!on) throw badInput(`${field}.onPartyId is required for WAITING`, `${field}.onPartyId`)
        events.push({ type: 'waiting', at, party, on, reason: e.reason ?? 'simulated' })
        break
      }
      case 'RESUMED':
        events.push({ type: 'resumed', at, party })
        break
      case 'RESOLVED':
        events.push({ type: 'resolved', at, party, resolution: e.reason ?? 'simulated' })
        break
      case 'REOPENED':
        events.push({ type: 'reopened', at, party, reason: e.reason ?? 'simulated' })
        break
      case 'CLOSED':
        events.push({ type: 'closed', at, party })
        break
      default:
        throw badInput(`${field}.type: unknown ${e.type}`, `${field}.type`)
    }
  }
  const world = pinWorld(await ctx.loaders.world(), input.openedAt)
  const view = computeIncidentView(
    { events, world, options: { pingPong: world.pingPong } },
    input.asOf
  )
  // every slug in the view came from a party looked up above or from the pinned world
  const idOf = async (slug: string) => (await requiredPartyBySlug(ctx, slug)).id
  const handoffs = await Promise.all(
    view.custody.handoffs.map(async (h) => ({
      id: h.id,
      incidentId: null,
      fromPartyId: await idOf(h.from),
      toPartyId: await idOf(h.to),
      state: h.state,
      offeredAt: new Date(h.offeredAt),
      respondedAt: h.respondedAt ? new Date(h.respondedAt) : null,
      reason: h.responseReason ?? h.reason,
    }))
  )
  const ladder = evaluateLadder(
    { world, state: view.custody, clocks: view.clocks, afterBusiness: 'follow-the-sun' },
    input.asOf
  )
  const escalations = await Promise.all(
    ladder.due.map(async (d) => ({
      id: d.key,
      at: new Date(d.at),
      reason: d.reason,
      step: d.step,
      partyId: await idOf(d.party),
      deskId: null,
      recipients: d.recipients.map((r) => (r.address ? `${r.name} <${r.address}>` : r.name)),
    }))
  )
  const credits = world.agreements
    .filter((a) => a.kind === 'UC' && a.credits)
    .map((a) => computeCredits(a, view.clocks))
    .filter((st): st is NonNullable<typeof st> => !!st && st.total !== 0)
    .map((st): CreditLineView => ({
      partySlug: st.party,
      agreementKey: `${st.agreement.slug}@${st.agreement.version}`,
      amount: st.total,
      currency: st.currency,
      reason: `${st.lines.length} breach(es), ${st.perBreachTotal} before cap`,
    }))
  return {
    custody: view.custody.segments,
    handoffs,
    clocks: view.clocks,
    escalations,
    credits,
    rejectedEvents: view.custody.rejected.map(
      (r) => `event ${r.index} (${r.event.type} at ${r.event.at}): ${r.error.message}`
    ),
  }
}
