import { listIncidents, verifyLedger, type IncidentListFilter } from '@baton/db'
import type { GatewayContext } from '../context.ts'
import { requireStaffRead } from '../auth/authorize.ts'
import { incidentCursor, pageSize, parseIncidentCursor } from '../graphql/cursors.ts'
import { badInput } from '../graphql/errors.ts'
import { incidentInScope } from '../commands/acting-party.ts'
import { isUuid } from '../loaders/create-loaders.ts'
import { partyById } from './world-resolvers.ts'
import { previewEscalations } from './escalation-preview.ts'
import { scorecardQuery } from './scorecard-resolvers.ts'
import { ladderCoverageQuery } from './notification-resolvers.ts'
import { simulateIncident, type SimulateIncidentArgs } from './simulation-resolvers.ts'
import type { Priority } from '@baton/domain'
import { creditStatementsQuery, disputesQuery, reviewPacksQuery } from './accountability-resolvers.ts'

export type IncidentFilterArgs = {
  status?: string[] | null
  priority?: string[] | null
  holderPartyId?: string | null
  partyId?: string | null
  serviceId?: string | null
  breached?: boolean | null
  atRiskWithin?: number | null
  openedAfter?: Date | null
  openedBefore?: Date | null
}

function uuidArg(value: string | null | undefined, field: string): string | null {
  if (value == null) return null
  if (!isUuid(value)) throw badInput(`${field}: not an id`, field)
  return value
}

export function toListFilter(f: IncidentFilterArgs | null | undefined, now: Date): IncidentListFilter {
  if (!f) return {}
  return {
    status: f.status ?? null,
    priority: f.priority ?? null,
    holderPartyId: uuidArg(f.holderPartyId, 'filter.holderPartyId'),
    partyId: uuidArg(f.partyId, 'filter.partyId'),
    serviceId: uuidArg(f.serviceId, 'filter.serviceId'),
    breached: f.breached ?? null,
    atRiskBefore: f.atRiskWithin != null ? new Date(now.getTime() + f.atRiskWithin) : null,
    openedAfter: f.openedAfter ?? null,
    openedBefore: f.openedBefore ?? null,
  }
}

export const queryResolvers = {
  Query: {
    viewer: (_: unknown, __: unknown, ctx: GatewayContext) => ctx.viewer,
    parties: async (_: unknown, __: unknown, ctx: GatewayContext) => (await ctx.loaders.parties()).rows,
    party: (_: unknown, args: { id: string }, ctx: GatewayContext) => partyById(ctx, args.id),
    calendars: async (_: unknown, __: unknown, ctx: GatewayContext) => (await ctx.loaders.calendars()).rows,
    services: async (_: unknown, __: unknown, ctx: GatewayContext) => (await ctx.loaders.services()).rows,
    agreements: async (_: unknown, args: { slug?: string | null }, ctx: GatewayContext) => {
      const rows = (await ctx.loaders.agreements()).rows.filter((a) => !args.slug || a.slug === args.slug)
      // A vendor sees the agreements it is party to (and the any-provider ones), not its peers' contracts.
      const own = ctx.viewer.partyId
      return ctx.viewer.role === 'VENDOR' ? rows.filter((a) => a.providerPartyId === null || a.providerPartyId === own || a.customerPartyId === own) : rows
    },
    incident: async (_: unknown, args: { id: string }, ctx: GatewayContext) => (isUuid(args.id) ? ctx.loaders.incident.load(args.id) : null),
    incidentByKey: (_: unknown, args: { key: string }, ctx: GatewayContext) => ctx.loaders.incidentByKey.load(args.key),
    handoff: async (_: unknown, args: { id: string }, ctx: GatewayContext) => {
      const h = await ctx.loaders.handoff.load(args.id)
      return h && (await ctx.loaders.incident.load(h.incidentId)) ? h : null
    },
    incidents: async (_: unknown, args: { filter?: IncidentFilterArgs | null; first?: number | null; after?: string | null }, ctx: GatewayContext) => {
      const first = pageSize(args.first, 50, ctx.deps.limits?.maxPage ?? 200)
      const page = await listIncidents(ctx.deps.db.db, { scope: ctx.loaders.scope, filter: toListFilter(args.filter, ctx.now()), first, after: parseIncidentCursor(args.after) })
      for (const row of page.rows) {
        ctx.loaders.incident.prime(row.id, row)
        ctx.loaders.bondsByIncident.prime(row.id, page.bondsByIncident.get(row.id) ?? [])
      }
      const edges = page.rows.map((node) => ({ cursor: incidentCursor(node), node }))
      return { edges, nodes: page.rows, pageInfo: { hasNextPage: page.hasNextPage, endCursor: edges.at(-1)?.cursor ?? null } }
    },
    verifyLedger: async (_: unknown, args: { incidentId?: string | null }, ctx: GatewayContext) => {
      if (args.incidentId == null) requireStaffRead(ctx.viewer, 'verifyLedger over every incident')
      else await incidentInScope(ctx, args.incidentId)
      return verifyLedger(ctx.deps.db.db, args.incidentId ?? undefined)
    },
    ladderCoverage: (_: unknown, args: { partyId: string }, ctx: GatewayContext) => ladderCoverageQuery(ctx, args),
    scorecard: (_: unknown, args: { partyId: string; from: Date; to: Date }, ctx: GatewayContext) => scorecardQuery(ctx, args),
    escalationPreview: (_: unknown, args: { partyId: string; priority: Priority; at: Date }, ctx: GatewayContext) => previewEscalations(ctx, args),
    simulateIncident: (_: unknown, args: { input: SimulateIncidentArgs }, ctx: GatewayContext) => simulateIncident(ctx, args.input),
    disputes: (_: unknown, args: Parameters<typeof disputesQuery>[1], ctx: GatewayContext) => disputesQuery(ctx, args),
    reviewPacks: (_: unknown, args: Parameters<typeof reviewPacksQuery>[1], ctx: GatewayContext) => reviewPacksQuery(ctx, args),
    creditStatements: (_: unknown, args: Parameters<typeof creditStatementsQuery>[1], ctx: GatewayContext) => creditStatementsQuery(ctx, args),
  },
  Viewer: {
    party: (v: { partyId: string | null }, _: unknown, ctx: GatewayContext) => partyById(ctx, v.partyId),
  },
}
