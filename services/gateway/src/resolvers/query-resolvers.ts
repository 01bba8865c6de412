import { listIncidents, verifyLedger, type IncidentListFilter } from '@baton/db'
import type { IncidentFilter, Resolvers } from '../generated/resolvers-types.ts'
import { requireStaffRead } from '../auth/authorize.ts'
import {
  incidentCursor,
  pageSize,
  parseIncidentCursor,
  DEFAULT_PAGE_SIZE,
  MAX_PAGE_SIZE,
} from '../graphql/cursors.ts'
import { badInput } from '../graphql/errors.ts'
import { selectsField } from '../graphql/selects-field.ts'
import { incidentInScope } from '../commands/acting-party.ts'
import { isUuid } from '../loaders/create-loaders.ts'
import { partyById } from './world-resolvers.ts'
import { previewEscalations } from './escalation-preview.ts'
import { scorecardQuery } from './scorecard-resolvers.ts'
import { ladderCoverageQuery } from './notification-resolvers.ts'
import { simulateIncident } from './simulation-resolvers.ts'

function uuidArg(value: string | null | undefined, field: string): string | null {
  if (value == null) return null
  if (!isUuid(value)) throw badInput(`${field}: not an id`, field)
  return value
}

export function toListFilter(f: IncidentFilter | null | undefined, now: Date): IncidentListFilter {
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
    viewer: (_, __, ctx) => ctx.viewer,
    parties: async (_, __, ctx) => (await ctx.loaders.parties()).rows,
    party: (_, args, ctx) => partyById(ctx, args.id),
    calendars: async (_, __, ctx) => (await ctx.loaders.calendars()).rows,
    services: async (_, __, ctx) => (await ctx.loaders.services()).rows,
    agreements: async (_, args, ctx) => {
      const rows = (await ctx.loaders.agreements()).rows.filter(
        (a) => !args.slug || a.slug === args.slug
      )
      // A vendor sees the agreements it is party to (and the any-provider ones), not its peers' contracts.
      const own = ctx.viewer.partyId
      return ctx.viewer.role === 'VENDOR'
        ? rows.filter(
            (a) =>
              a.providerPartyId === null || a.providerPartyId === own || a.customerPartyId === own
          )
        : rows
    },
    incident: async (_, args, ctx) => (isUuid(args.id) ? ctx.loaders.incident.load(args.id) : null),
    incidentByKey: (_, args, ctx) => ctx.loaders.incidentByKey.load(args.key),
    handoff: async (_, args, ctx) => {
      const h = await ctx.loaders.handoff.load(args.id)
      return h && (await ctx.loaders.incident.load(h.incidentId)) ? h : null
    },
    incidents: async (_, args, ctx, info) => {
      const first = pageSize(
        args.first,
        DEFAULT_PAGE_SIZE,
        ctx.deps.limits?.maxPage ?? MAX_PAGE_SIZE
      )
      // The world parts the rows' fields read are loaded beside the page, so every row answers
      // synchronously (holders, bond parties and, when asked for, live clocks).
      const [page] = await Promise.all([
        listIncidents(ctx.deps.db.db, {
          scope: ctx.loaders.scope,
          filter: toListFilter(args.filter, ctx.now()),
          first,
          after: parseIncidentCursor(args.after),
        }),
        ctx.loaders.parties(),
        selectsField(info, 'clocks') ? ctx.loaders.pinner() : null,
      ])
      for (const row of page.rows) {
        const bonds = page.bondsByIncident.get(row.id) ?? []
        ctx.loaders.incident.prime(row.id, row)
        ctx.loaders.bondsByIncident.prime(row.id, bonds)
        ctx.loaders.pageBonds.set(row.id, bonds)
      }
      const last = page.rows.at(-1)
      // Edges (a cursor each) only when the operation asks for them: the console's page reads nodes.
      return {
        get edges() {
          return page.rows.map((node) => ({ cursor: incidentCursor(node), node }))
        },
        nodes: page.rows,
        pageInfo: { hasNextPage: page.hasNextPage, endCursor: last ? incidentCursor(last) : null },
      }
    },
    verifyLedger: async (_, args, ctx) => {
      if (args.incidentId == null) requireStaffRead(ctx.viewer, 'verifyLedger over every incident')
      else await incidentInScope(ctx, args.incidentId)
      return verifyLedger(ctx.deps.db.db, args.incidentId ?? undefined)
    },
    ladderCoverage: (_, args, ctx) => ladderCoverageQuery(ctx, args),
    scorecard: (_, args, ctx) => scorecardQuery(ctx, args),
    escalationPreview: (_, args, ctx) => previewEscalations(ctx, args),
    simulateIncident: (_, args, ctx) => simulateIncident(ctx, args.input),
  },
  Viewer: {
    party: (v, _, ctx) => partyById(ctx, v.partyId),
  },
} satisfies Resolvers
