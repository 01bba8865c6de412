import {
  formatRecipient,
  applyIncidentEvent,
  computeCredits,
  emptyIncidentState,
  replayTimeline,
  type IncidentEvent,
  type IncidentState,
} from '@baton/domain'
import type { GatewayContext } from '../context.ts'
import type { SimulateIncidentInput } from '../generated/resolvers-types.ts'
import { requireStaffRead } from '../auth/authorize.ts'
import { badInput, gqlError } from '../graphql/errors.ts'
import { partyById, requiredPartyBySlug } from './world-resolvers.ts'
import type { CreditLineView } from './scorecard-resolvers.ts'
import { pinWorld } from './clocks.ts'
import { accountabilityStretches } from './accountability-stretches.ts'

/** The most events one what-if replays (docs/graphql.md, What-if limits). */
export const SIMULATION_MAX_EVENTS = 300
/** The longest a what-if may run, from openedAt to asOf (and to each event). */
export const SIMULATION_MAX_HORIZON_DAYS = 366
/** The wall-clock time one what-if may take before it is refused. */
export const SIMULATION_BUDGET_MS = 10_000
const DAY_MS = 86_400_000

/** Refuses, before any work, a what-if beyond the documented limits: each message says the limit and the value. */
function checkLimits(input: SimulateIncidentInput) {
  if (input.events.length > SIMULATION_MAX_EVENTS)
    throw badInput(
      `input.events: ${input.events.length} events; a what-if replays at most ${SIMULATION_MAX_EVENTS}`,
      'input.events'
    )
  const opened = input.openedAt.getTime()
  const horizon = (at: Date, field: string) => {
    const days = (at.getTime() - opened) / DAY_MS
    if (days > SIMULATION_MAX_HORIZON_DAYS)
      throw badInput(
        `${field}: ${at.toISOString()} is ${Math.floor(days)} days after openedAt; a what-if spans at most ${SIMULATION_MAX_HORIZON_DAYS} days`,
        field
      )
  }
  horizon(input.asOf, 'input.asOf')
  input.events.forEach((e, i) => horizon(e.at, `input.events[${i}].at`))
}

/**
 * What-if: what a live incident does with an explicit timeline, against the agreement versions in
 * force at openedAt. The domain's replayTimeline asks evaluateDue what is due at the instants the
 * incident workflow does (expiries, ladder and ping-pong escalations), so the answers are the
 * live incident's. Custody is folded event by event; bounded in events, horizon and time. Writes nothing.
 */
export async function simulateIncident(ctx: GatewayContext, input: SimulateIncidentInput) {
  requireStaffRead(ctx.viewer, 'simulateIncident')
  checkLimits(input)
  const started = performance.now()
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
  // The state as built so far: who holds and which offer is open name the defaults of each event.
  let state: IncidentState = emptyIncidentState()
  const fold = (e: IncidentEvent) => {
    const r = applyIncidentEvent(state, e, { pingPong: world.pingPong })
    if (r.ok) state = r.value
  }
  const world = pinWorld(await ctx.loaders.world(), input.openedAt)
  fold(events[0]!)
  for (const [i, e] of input.events.entries()) {
    const field = `input.events[${i}]`
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
    fold(events[events.length - 1]!)
  }
  const budgetMs = ctx.deps.limits?.simulationBudgetMs ?? SIMULATION_BUDGET_MS
  const replay = replayTimeline(
    {
      world,
      events,
      afterBusiness: 'follow-the-sun',
      onStep: (index) => {
        if (performance.now() - started > budgetMs)
          throw gqlError(
            'DEADLINE_EXCEEDED',
            `simulateIncident: stopped at event ${index} of ${events.length} after its time budget of ${budgetMs} ms; shorten the timeline`
          )
      },
    },
    input.asOf
  )
  const { view } = replay
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
      expiredAt: h.expiredAt ? new Date(h.expiredAt) : null,
      reason: h.responseReason ?? h.reason,
    }))
  )
  const desks = await ctx.loaders.desks()
  const escalations = await Promise.all(
    replay.escalations.map(async (d) => {
      const partyId = await idOf(d.party)
      return {
        id: d.key,
        at: new Date(d.at),
        reason: d.reason,
        step: d.step,
        partyId,
        deskId: (desks.byParty.get(partyId) ?? []).find((x) => x.slug === d.desk)?.id ?? null,
        // the text the live incident's ledger keeps for each (its Escalation.recipients)
        recipients: d.recipients.map(formatRecipient),
        to: d.recipients,
      }
    })
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
    accountability: accountabilityStretches(view.accountability),
    rejectedEvents: replay.rejected.map(
      (r) => `event ${r.index} (${r.event.type} at ${r.event.at}): ${r.error.message}`
    ),
  }
}
