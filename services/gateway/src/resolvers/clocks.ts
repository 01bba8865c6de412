import { z } from 'zod'
import {
  deriveCustody,
  incidentViewAt,
  IncidentEvent,
  prepareIncidentView,
  type ClockView,
  type PreparedIncidentView,
  type World,
} from '@baton/domain'
import type { AgreementRow, IncidentRow } from '@baton/db'
import { SimulatedClockState, simulatedNowMs } from '@baton/temporal'
import type { GatewayContext } from '../context.ts'
import type { Resolvers } from '../generated/resolvers-types.ts'
import { partyBySlug, requiredPartyBySlug } from './world-resolvers.ts'
import { accountabilityStretches, type AccountableStretchView } from './accountability-stretches.ts'

const PersistedState = z
  .object({
    events: z.array(IncidentEvent).optional(),
    clocks: z.array(z.unknown()).optional(),
    // An incident on a simulated clock (demo, training, the played outage) lives at its own instant.
    clock: SimulatedClockState.optional().catch(undefined),
  })
  .loose()
const FINAL = new Set(['RESOLVED', 'CLOSED'])

// Kept here for the simulation resolver; it moved beside the world snapshot that memoises it.
export { pinWorld } from '../loaders/world-cache.ts'

/**
 * Live clock figures: the domain's computeClocks over the incident's events (from the projection)
 * as of now, against the shared pinned world of its opening. The Clock type shows no warning
 * figures, so none are computed (warnAt []): state, elapsed, remaining, deadline, breach and
 * attribution do not depend on them. A resolved or closed incident's clocks no longer move, so
 * its persisted ones are used. Synchronous once the request holds the pinned worlds (the
 * incidents page loads them up front), so a page of rows completes without a promise per row.
 */
export function incidentClocks(
  ctx: GatewayContext,
  incident: IncidentRow
): ClockView[] | Promise<ClockView[]> {
  const state = persistedState(incident)
  if (!state) return []
  const persisted = (state.clocks ?? []) as ClockView[]
  if (FINAL.has(incident.status) || !state.events?.length) return persisted
  const events = state.events
  const at = instantOf(ctx, state)
  const live = (pin: (openedAt: Date) => World) =>
    incidentViewAt(preparedView(state, events, pin(incident.openedAt)), at).clocks
  const pin = ctx.loaders.pinner.peek()
  return pin ? live(pin) : ctx.loaders.pinner().then(live)
}

/**
 * Whose time it was when (the stretches the clocks were computed from), from the same prepared
 * view as the live clocks, as of the same instant (Incident.asOf).
 */
export function incidentAccountability(
  ctx: GatewayContext,
  incident: IncidentRow
): AccountableStretchView[] | Promise<AccountableStretchView[]> {
  const state = persistedState(incident)
  const events = state?.events
  if (!state || !events?.length) return []
  const at = instantOf(ctx, state)
  const live = (pin: (openedAt: Date) => World) =>
    accountabilityStretches(
      incidentViewAt(preparedView(state, events, pin(incident.openedAt)), at).accountability
    )
  const pin = ctx.loaders.pinner.peek()
  return pin ? live(pin) : ctx.loaders.pinner().then(live)
}

/** When each of an incident's offers expired (the hand-off rows keep only the current state). */
export function incidentExpiries(incident: IncidentRow): Map<string, string> {
  const state = persistedState(incident)
  let known = expiries.get(state ?? incident)
  if (!known) {
    known = new Map(
      deriveCustody(state?.events ?? [])
        .handoffs.filter((h) => h.expiredAt)
        .map((h) => [h.id, h.expiredAt!])
    )
    expiries.set(state ?? incident, known)
  }
  return known
}
const expiries = new WeakMap<object, Map<string, string>>()

// Custody and clock specs depend on the events and the world only, so they are kept with the
// parsed projection, per pinned world; only the figures as of the request's instant are new.
const prepared = new WeakMap<ParsedState, WeakMap<World, PreparedIncidentView>>()
function preparedView(
  state: ParsedState,
  events: IncidentEvent[],
  world: World
): PreparedIncidentView {
  let byWorld = prepared.get(state)
  if (!byWorld) prepared.set(state, (byWorld = new WeakMap()))
  let view = byWorld.get(world)
  if (!view)
    byWorld.set(world, (view = prepareIncidentView({ events, world, options: { warnAt: [] } })))
  return view
}

// One instant for every clock of a request, so the rows of a page agree with each other: the
// request's `now` (tests may pin it), and the wall clock a simulated incident's time maps from.
const instants = new WeakMap<GatewayContext, { now: Date; wallMs: number }>()
function requestInstants(ctx: GatewayContext): { now: Date; wallMs: number } {
  let at = instants.get(ctx)
  if (!at) instants.set(ctx, (at = { now: ctx.now(), wallMs: Date.now() }))
  return at
}

/**
 * The instant an incident's live figures are computed at (Incident.asOf): the request's now, or,
 * for an incident on a simulated clock, that clock's current instant. The simulated clock maps
 * from the wall clock, as the incident's workflow does; a pinned `now` does not move it. Its
 * state is as of the incident's last ledger entry: a jump made by `advanceClock` without an
 * entry since shows from the next one.
 */
export function incidentInstant(ctx: GatewayContext, incident: IncidentRow): Date {
  const state = persistedState(incident)
  return state ? instantOf(ctx, state) : requestInstants(ctx).now
}
function instantOf(ctx: GatewayContext, state: ParsedState): Date {
  const at = requestInstants(ctx)
  return state.clock ? new Date(simulatedNowMs(state.clock, at.wallMs)) : at.now
}

/** The incident's simulated clock (Incident.simulatedClock), or null for a real incident. */
export function simulatedClockOf(incident: IncidentRow): { origin: string; speed: number } | null {
  const clock = persistedState(incident)?.clock
  return clock ? { origin: clock.origin, speed: clock.speed } : null
}

/** A subscription keeps one context for all its events: each event's clocks are as of that event, not the first. */
export const forgetEvaluationInstant = (ctx: GatewayContext) => {
  instants.delete(ctx)
}

// The projection of an incident at a given seq never changes, so its parsed events are kept
// instead of validating the same JSON on every request: by the state object itself (the list
// query keeps one per row version), else by the row's version figures (a row loaded by id brings
// a new object each time), bounded.
type ParsedState = z.infer<typeof PersistedState>
const byObject = new WeakMap<object, ParsedState | null>()
const byVersion = new Map<string, ParsedState | null>()
const BY_VERSION_LIMIT = 5_000
function persistedState(incident: IncidentRow): ParsedState | null {
  const state = incident.state
  if (typeof state !== 'object' || state === null) return null
  const known = byObject.get(state)
  if (known !== undefined) return known
  const key = `${incident.id}/${incident.lastSeq}/${incident.updatedAt.getTime()}/${incident.status}`
  let value = byVersion.get(key)
  if (value === undefined) {
    const result = PersistedState.safeParse(state)
    value = result.success ? result.data : null
    if (byVersion.size >= BY_VERSION_LIMIT) byVersion.clear()
    byVersion.set(key, value)
  }
  byObject.set(state, value)
  return value
}

export const clockResolvers = {
  Clock: {
    agreement: async (c, _, ctx): Promise<AgreementRow> => {
      const row = (await ctx.loaders.agreements()).bySlugVersion.get(
        `${c.agreement.slug}@${c.agreement.version}`
      )
      // A version deleted from the world still names what the clock was bound to.
      return (
        row ?? {
          id: `${c.agreement.slug}@${c.agreement.version}`,
          slug: c.agreement.slug,
          version: c.agreement.version,
          name: c.agreement.name,
          kind: c.agreement.kind,
          providerPartyId: null,
          customerPartyId: null,
          effectiveFrom: new Date(0),
          publishedAt: new Date(0),
          config: null,
        }
      )
    },
    party: (c, _, ctx) =>
      ctx.loaders.parties.peek()?.bySlug.get(c.party) ?? requiredPartyBySlug(ctx, c.party),
    target: (c) => c.targetMs,
    elapsed: (c) => c.elapsedMs,
    remaining: (c) => c.remainingMs,
    attributedTo: (c, _, ctx) => partyBySlug(ctx, c.attributedTo),
    handoff: async (c, _, ctx) => (c.handoffId ? ctx.loaders.handoff.load(c.handoffId) : null),
  },
} satisfies Resolvers
