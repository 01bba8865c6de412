import { ledgerPage, type BondRow, type EscalationRecordRow, type HandoffRow, type IncidentRow, type LedgerEntryRow } from '@baton/db'
import type { GatewayContext } from '../context.ts'
import { ledgerCursor, pageSize, parseLedgerCursor } from '../graphql/cursors.ts'
import { custodyFromLedger, custodyFromState, type CustodyView } from './custody.ts'
import { partyById, partyBySlug } from './world-resolvers.ts'
import { incidentClocks } from './clocks.ts'

async function deskOf(ctx: GatewayContext, partySlug: string, desk: string | undefined) {
  if (!desk) return null
  const party = await partyBySlug(ctx, partySlug)
  if (!party) return null
  const deskSlug = desk.includes('/') ? desk.split('/').at(-1) : desk
  return ((await ctx.loaders.desks()).byParty.get(party.id) ?? []).find((d) => d.slug === deskSlug) ?? null
}

// On a page every row asks for its holder and its bonds' parties: once the request has the
// parties, answer synchronously (a promise per field is a measurable share of a 50-row page).
const loadedParty = (ctx: GatewayContext, id: string) => ctx.loaders.parties.peek()?.byId.get(id)

export const incidentResolvers = {
  Incident: {
    holder: (i: IncidentRow, _: unknown, ctx: GatewayContext) => loadedParty(ctx, i.holderPartyId) ?? partyById(ctx, i.holderPartyId),
    holderDesk: async (i: IncidentRow, _: unknown, ctx: GatewayContext) => (i.holderDeskId ? (await ctx.loaders.desks()).byId.get(i.holderDeskId) ?? null : null),
    service: async (i: IncidentRow, _: unknown, ctx: GatewayContext) => (i.serviceId ? (await ctx.loaders.services()).byId.get(i.serviceId) ?? null : null),
    parent: (i: IncidentRow, _: unknown, ctx: GatewayContext) => (i.parentId ? ctx.loaders.incident.load(i.parentId) : null),
    breached: (i: IncidentRow) => i.breached > 0,
    custody: async (i: IncidentRow, _: unknown, ctx: GatewayContext) => custodyFromState(i) ?? custodyFromLedger(await ctx.loaders.ledgerByIncident.load(i.id)),
    handoffs: (i: IncidentRow, _: unknown, ctx: GatewayContext) => ctx.loaders.handoffsByIncident.load(i.id),
    clocks: (i: IncidentRow, _: unknown, ctx: GatewayContext) => incidentClocks(ctx, i),
    bonds: (i: IncidentRow, _: unknown, ctx: GatewayContext) => ctx.loaders.bondsByIncident.load(i.id),
    escalations: (i: IncidentRow, _: unknown, ctx: GatewayContext) => ctx.loaders.escalationsByIncident.load(i.id),
    timeline: async (i: IncidentRow, args: { first?: number | null; after?: string | null }, ctx: GatewayContext) => {
      const first = pageSize(args.first, 50, ctx.deps.limits?.maxPage ?? 200)
      const page = await ledgerPage(ctx.deps.db.db, i.id, { first, afterSeq: parseLedgerCursor(args.after) })
      const edges = page.rows.map((node) => ({ cursor: ledgerCursor(node.seq), node }))
      return { edges, nodes: page.rows, pageInfo: { hasNextPage: page.hasNextPage, endCursor: edges.at(-1)?.cursor ?? null } }
    },
  },
  CustodySegment: {
    party: (s: CustodyView, _: unknown, ctx: GatewayContext) => partyBySlug(ctx, s.party),
    desk: (s: CustodyView, _: unknown, ctx: GatewayContext) => deskOf(ctx, s.party, s.desk),
    waitingOn: (s: CustodyView, _: unknown, ctx: GatewayContext) => partyBySlug(ctx, s.waitingOn),
    reason: (s: CustodyView) => s.reason ?? null,
    to: (s: CustodyView) => s.to ?? null,
  },
  Handoff: {
    incident: (h: HandoffRow, _: unknown, ctx: GatewayContext) => (h.incidentId ? ctx.loaders.incident.load(h.incidentId) : null),
    from: (h: HandoffRow, _: unknown, ctx: GatewayContext) => partyById(ctx, h.fromPartyId),
    to: (h: HandoffRow, _: unknown, ctx: GatewayContext) => partyById(ctx, h.toPartyId),
  },
  Bond: {
    incident: (b: BondRow, _: unknown, ctx: GatewayContext) => ctx.loaders.incident.load(b.incidentId),
    party: (b: BondRow, _: unknown, ctx: GatewayContext) => loadedParty(ctx, b.partyId) ?? partyById(ctx, b.partyId),
  },
  Escalation: {
    party: (e: EscalationRecordRow, _: unknown, ctx: GatewayContext) => partyById(ctx, e.partyId),
    desk: async (e: EscalationRecordRow, _: unknown, ctx: GatewayContext) => (e.deskId ? (await ctx.loaders.desks()).byId.get(e.deskId) ?? null : null),
  },
  LedgerEntry: {
    id: (e: LedgerEntryRow) => String(e.id),
    data: (e: LedgerEntryRow) => JSON.stringify(e.data ?? {}),
  },
}
