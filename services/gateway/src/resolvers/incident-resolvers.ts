import { ledgerPage, type EscalationRecordRow, type HandoffRow, type IncidentRow } from '@baton/db'
import { chooseDesk, type Priority } from '@baton/domain'
import type { GatewayContext } from '../context.ts'
import type { Resolvers } from '../generated/resolvers-types.ts'
import {
  ledgerCursor,
  pageSize,
  parseLedgerCursor,
  DEFAULT_PAGE_SIZE,
  MAX_PAGE_SIZE,
} from '../graphql/cursors.ts'
import { custodyFromLedger, custodyFromState } from './custody.ts'
import {
  partyBySlug,
  requiredIncident,
  requiredPartyById,
  requiredPartyBySlug,
} from './world-resolvers.ts'
import {
  incidentAccountability,
  incidentClocks,
  incidentExpiries,
  incidentInstant,
  simulatedClockOf,
} from './clocks.ts'
import {
  visibleLedgerData,
  visibleRecipientList,
  visibleRecipients,
} from '../visibility/viewer-redaction.ts'
import { recipientForApi } from './notification-resolvers.ts'

async function deskOf(ctx: GatewayContext, partySlug: string, desk: string | undefined) {
  if (!desk) return null
  const party = await partyBySlug(ctx, partySlug)
  if (!party) return null
  const deskSlug = desk.includes('/') ? desk.split('/').at(-1) : desk
  return (
    ((await ctx.loaders.desks()).byParty.get(party.id) ?? []).find((d) => d.slug === deskSlug) ??
    null
  )
}

/**
 * The desk working the incident for its holder: the one the row names; else the current custody
 * stretch's (an event named it); else the holder's desk taking the priority that is open at the
 * incident's instant (follow-the-sun, as clocks and ladders choose it). The workflow records a
 * desk only when an event names one, so without this the board's holder had no desk or local time.
 */
async function holderDesk(ctx: GatewayContext, i: IncidentRow) {
  const desks = await ctx.loaders.desks()
  if (i.holderDeskId) return desks.byId.get(i.holderDeskId) ?? null
  const current = custodyFromState(i)?.findLast((s) => !s.to)
  if (current?.desk && current.party) {
    const named = await deskOf(ctx, current.party, current.desk)
    if (named) return named
  }
  const party = loadedParty(ctx, i.holderPartyId) ?? (await requiredPartyById(ctx, i.holderPartyId))
  const at = incidentInstant(ctx, i)
  const key = `${party.slug}|${i.priority}|${Math.floor(at.getTime() / 60_000)}`
  let memo = chosenDesks.get(ctx)
  if (!memo) chosenDesks.set(ctx, (memo = new Map()))
  let slug = memo.get(key)
  if (slug === undefined) {
    const world = await ctx.loaders.world()
    try {
      slug = chooseDesk(world, party.slug, i.priority as Priority, at)?.desk.slug ?? null
    } catch {
      slug = null // a party no longer in the world
    }
    memo.set(key, slug)
  }
  return slug ? ((desks.byParty.get(party.id) ?? []).find((d) => d.slug === slug) ?? null) : null
}
const chosenDesks = new WeakMap<GatewayContext, Map<string, string | null>>()

/** A hand-off row, or a simulated one that belongs to no incident: the parent of Handoff's fields. */
export type HandoffView = Omit<HandoffRow, 'incidentId'> & {
  incidentId: string | null
  /** a simulated hand-off carries its expiry; a live one is read from its incident's events */
  expiredAt?: Date | null
}
/** What Escalation's fields read, from an escalation row or a simulated escalation. */
export type EscalationView = Pick<
  EscalationRecordRow,
  'id' | 'at' | 'reason' | 'step' | 'partyId' | 'deskId' | 'recipients' | 'to'
>

// On a page every row asks for its holder and its bonds' parties: once the request has the
// parties, answer synchronously (a promise per field is a measurable share of a 50-row page).
const loadedParty = (ctx: GatewayContext, id: string) => ctx.loaders.parties.peek()?.byId.get(id)

/** The newest message one way on a bond: by the bonded party's slug in its incident's ledger. */
async function bondMessage(
  ctx: GatewayContext,
  b: { incidentId: string; partyId: string },
  direction: 'in' | 'out'
) {
  const party = loadedParty(ctx, b.partyId) ?? (await requiredPartyById(ctx, b.partyId))
  const rows = await ctx.loaders.bondMessagesByIncident.load(b.incidentId)
  return rows.find((r) => r.party === party.slug && r.direction === direction) ?? null
}

export const incidentResolvers = {
  Incident: {
    holder: (i, _, ctx) =>
      loadedParty(ctx, i.holderPartyId) ?? requiredPartyById(ctx, i.holderPartyId),
    holderDesk: (i, _, ctx) => holderDesk(ctx, i),
    service: async (i, _, ctx) =>
      i.serviceId ? ((await ctx.loaders.services()).byId.get(i.serviceId) ?? null) : null,
    parent: (i, _, ctx) => (i.parentId ? ctx.loaders.incident.load(i.parentId) : null),
    children: (i, _, ctx) => ctx.loaders.childrenByParent.load(i.id),
    breached: (i) => i.breached > 0,
    custody: async (i, _, ctx) =>
      custodyFromState(i) ?? custodyFromLedger(await ctx.loaders.ledgerByIncident.load(i.id)),
    handoffs: (i, _, ctx) => ctx.loaders.handoffsByIncident.load(i.id),
    clocks: (i, _, ctx) => incidentClocks(ctx, i),
    accountability: (i, _, ctx) => incidentAccountability(ctx, i),
    asOf: (i, _, ctx) => incidentInstant(ctx, i),
    simulatedClock: (i) => simulatedClockOf(i),
    bonds: (i, _, ctx) => ctx.loaders.pageBonds.get(i.id) ?? ctx.loaders.bondsByIncident.load(i.id),
    escalations: (i, _, ctx) => ctx.loaders.escalationsByIncident.load(i.id),
    timeline: async (i, args, ctx) => {
      const first = pageSize(
        args.first,
        DEFAULT_PAGE_SIZE,
        ctx.deps.limits?.maxPage ?? MAX_PAGE_SIZE
      )
      const page = await ledgerPage(ctx.deps.db.db, i.id, {
        first,
        afterSeq: parseLedgerCursor(args.after),
        typePrefix: args.typePrefix,
      })
      const edges = page.rows.map((node) => ({ cursor: ledgerCursor(node.seq), node }))
      return {
        edges,
        nodes: page.rows,
        pageInfo: { hasNextPage: page.hasNextPage, endCursor: edges.at(-1)?.cursor ?? null },
      }
    },
  },
  CustodySegment: {
    party: (s, _, ctx) => requiredPartyBySlug(ctx, s.party),
    desk: (s, _, ctx) => deskOf(ctx, s.party, s.desk),
    waitingOn: (s, _, ctx) => partyBySlug(ctx, s.waitingOn),
    reason: (s) => s.reason ?? null,
    to: (s) => s.to ?? null,
  },
  Handoff: {
    incident: (h, _, ctx) => (h.incidentId ? ctx.loaders.incident.load(h.incidentId) : null),
    from: (h, _, ctx) => requiredPartyById(ctx, h.fromPartyId),
    to: (h, _, ctx) => requiredPartyById(ctx, h.toPartyId),
    expiredAt: async (h, _, ctx) => {
      if (h.expiredAt !== undefined || !h.incidentId) return h.expiredAt ?? null
      const incident = await ctx.loaders.incident.load(h.incidentId)
      const at = incident ? incidentExpiries(incident).get(h.id) : undefined
      return at ? new Date(at) : null
    },
  },
  AccountableStretch: {
    party: (s, _, ctx) => requiredPartyBySlug(ctx, s.party),
  },
  Bond: {
    incident: (b, _, ctx) => requiredIncident(ctx, b.incidentId),
    party: (b, _, ctx) => loadedParty(ctx, b.partyId) ?? requiredPartyById(ctx, b.partyId),
    lastInbound: (b, _, ctx) => bondMessage(ctx, b, 'in'),
    lastOutbound: (b, _, ctx) => bondMessage(ctx, b, 'out'),
  },
  Escalation: {
    party: (e, _, ctx) => requiredPartyById(ctx, e.partyId),
    desk: async (e, _, ctx) =>
      e.deskId ? ((await ctx.loaders.desks()).byId.get(e.deskId) ?? null) : null,
    recipients: (e, _, ctx) => visibleRecipients(ctx, e.recipients, e.to),
    to: async (e, _, ctx) =>
      e.to ? (await visibleRecipientList(ctx, e.to)).map(recipientForApi) : null,
  },
  LedgerEntry: {
    id: (e) => String(e.id),
    // Staff read the entry as recorded; a vendor reads it redacted (timeline, subscriptions, comments alike).
    data: (e, _, ctx) =>
      ctx.viewer.role === 'VENDOR'
        ? visibleLedgerData(ctx, e).then((d) => JSON.stringify(d ?? {}))
        : JSON.stringify(e.data ?? {}),
  },
} satisfies Resolvers
