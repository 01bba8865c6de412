import {
  agreementRowByVersion,
  calendarRowBySlug,
  deskRowBySlug,
  importCalendarHolidaysEdit,
  listWorldChanges,
  partyRowBySlug,
  publishAgreementVersionEdit,
  removeDeskEdit,
  serviceRowBySlug,
  upsertCalendarEdit,
  upsertDeskEdit,
  upsertLadderEdit,
  upsertPartyEdit,
  upsertServiceEdit,
} from '@baton/db'
import { ladderCoverage, type Dialect, type PartyConfig } from '@baton/domain'
import type { GatewayContext } from '../context.ts'
import type { IntegrationDialect, Resolvers } from '../generated/resolvers-types.ts'
import { requireAdmin } from '../auth/authorize.ts'
import { gqlError } from '../graphql/errors.ts'
import { previewRunWorldChange, runWorldChange } from '../admin/run-world-change.ts'
import * as inputs from '../admin/world-inputs.ts'
import { enumValue } from './enum-value.ts'

type Ctx = GatewayContext
const db = (ctx: Ctx) => ctx.deps.db.db
const found = <T>(row: T | null, what: string): T => {
  if (!row) throw gqlError('INTERNAL', `${what} vanished after the change`)
  return row
}
const DIALECTS: Record<Dialect, IntegrationDialect> = {
  canonical: 'CANONICAL',
  pagerduty: 'PAGERDUTY',
  jira: 'JIRA',
  servicenow: 'SERVICENOW',
}

/** A party's integration settings as stored in parties.integration: the parent of PartyIntegration's fields. */
export type PartyIntegrationSettings = NonNullable<PartyConfig['integration']>

export const adminResolvers = {
  Query: {
    worldChanges: (_, a, ctx) => {
      requireAdmin(ctx.viewer, 'worldChanges')
      return listWorldChanges(db(ctx), Math.min(Math.max(a.first ?? 20, 1), 200))
    },
    previewDeskChange: async (_, a, ctx) => {
      requireAdmin(ctx.viewer, 'previewDeskChange')
      const party = await inputs.partySlugOf(ctx, a.partyId, 'partyId')
      const r = await previewRunWorldChange(ctx, (w) =>
        upsertDeskEdit(w, party, inputs.deskConfig(a.input))
      )
      return { coverageWarnings: r.warnings, coverage: ladderCoverage(r.after, party) }
    },
    previewDeskRemoval: async (_, a, ctx) => {
      requireAdmin(ctx.viewer, 'previewDeskRemoval')
      const party = await inputs.partySlugOf(ctx, a.partyId, 'partyId')
      const r = await previewRunWorldChange(ctx, (w) => removeDeskEdit(w, party, a.slug))
      return { coverageWarnings: r.warnings, coverage: ladderCoverage(r.after, party) }
    },
  },
  Mutation: {
    upsertParty: async (_, a, ctx) => {
      requireAdmin(ctx.viewer, 'upsertParty')
      const { slug, name, kind, integration, desk } = a.input
      const r = await runWorldChange(ctx, 'upsertParty', `party ${slug}`, {}, (w) =>
        upsertPartyEdit(w, {
          slug,
          name,
          kind,
          ...(integration === undefined
            ? {}
            : { integration: integration && inputs.integrationSettings(integration) }),
          ...(desk ? { desk: inputs.deskConfig(desk) } : {}),
        })
      )
      return {
        party: found(await partyRowBySlug(db(ctx), slug), `party ${slug}`),
        coverageWarnings: r.warnings,
        change: r.change,
      }
    },
    upsertDesk: async (_, a, ctx) => {
      requireAdmin(ctx.viewer, 'upsertDesk')
      const party = await inputs.partySlugOf(ctx, a.partyId, 'partyId')
      const r = await runWorldChange(ctx, 'upsertDesk', `desk ${party}/${a.input.slug}`, {}, (w) =>
        upsertDeskEdit(w, party, inputs.deskConfig(a.input))
      )
      return {
        desk: found(await deskRowBySlug(db(ctx), a.partyId, a.input.slug), `desk ${a.input.slug}`),
        coverageWarnings: r.warnings,
        change: r.change,
      }
    },
    removeDesk: async (_, a, ctx) => {
      requireAdmin(ctx.viewer, 'removeDesk')
      const party = await inputs.partySlugOf(ctx, a.partyId, 'partyId')
      const r = await runWorldChange(ctx, 'removeDesk', `desk ${party}/${a.slug}`, {}, (w) =>
        removeDeskEdit(w, party, a.slug)
      )
      return {
        party: found(await partyRowBySlug(db(ctx), party), `party ${party}`),
        coverageWarnings: r.warnings,
        change: r.change,
      }
    },
    upsertCalendar: async (_, a, ctx) => {
      requireAdmin(ctx.viewer, 'upsertCalendar')
      const config = inputs.calendarConfig(a.input)
      const r = await runWorldChange(ctx, 'upsertCalendar', `calendar ${a.input.slug}`, {}, (w) =>
        upsertCalendarEdit(w, config)
      )
      return calendarPayload(ctx, a.input.slug, r)
    },
    importCalendarHolidays: async (_, a, ctx) => {
      requireAdmin(ctx.viewer, 'importCalendarHolidays')
      const r = await runWorldChange(
        ctx,
        'importCalendarHolidays',
        `calendar ${a.calendarSlug}`,
        {},
        (w) => importCalendarHolidaysEdit(w, a.calendarSlug, a.ics)
      )
      return calendarPayload(ctx, a.calendarSlug, r)
    },
    publishAgreementVersion: async (_, a, ctx) => {
      requireAdmin(ctx.viewer, 'publishAgreementVersion')
      const i = a.input
      const provider = i.anyProvider
        ? '*'
        : i.providerPartyId
          ? await inputs.partySlugOf(ctx, i.providerPartyId, 'input.providerPartyId')
          : undefined
      const customer = i.customerPartyId
        ? await inputs.partySlugOf(ctx, i.customerPartyId, 'input.customerPartyId')
        : undefined
      const changes = {
        name: i.name ?? undefined,
        kind: i.kind ?? undefined,
        provider,
        customer,
        services: i.services ?? undefined,
        targets: i.targets?.map(inputs.targetConfig),
        warnAt: i.warnAt ?? undefined,
        credits: inputs.creditsConfig(i.creditsJson),
      }
      const effectiveFrom = (i.effectiveFrom ?? ctx.now()).toISOString()
      const r = await runWorldChange(
        ctx,
        'publishAgreementVersion',
        `agreement ${i.slug}`,
        { coverage: false },
        (w) =>
          publishAgreementVersionEdit(
            w,
            { slug: i.slug, ...(i.version ? { version: i.version } : {}), effectiveFrom, changes },
            ctx.now()
          )
      )
      const version = Math.max(
        ...r.after.agreements.filter((x) => x.slug === i.slug).map((x) => x.version)
      )
      return {
        agreement: found(
          await agreementRowByVersion(db(ctx), i.slug, version),
          `agreement ${i.slug}`
        ),
        change: r.change,
      }
    },
    upsertLadder: async (_, a, ctx) => {
      requireAdmin(ctx.viewer, 'upsertLadder')
      const party = await inputs.partySlugOf(ctx, a.input.partyId, 'input.partyId')
      const ladder = { party, priority: a.input.priority, steps: inputs.ladderSteps(a.input.steps) }
      const r = await runWorldChange(
        ctx,
        'upsertLadder',
        `ladder ${party} ${[...a.input.priority].sort().join(',')}`,
        {},
        (w) => upsertLadderEdit(w, ladder)
      )
      return {
        party: found(await partyRowBySlug(db(ctx), party), `party ${party}`),
        priorities: a.input.priority,
        coverage: ladderCoverage(r.after, party),
        coverageWarnings: r.warnings,
        change: r.change,
      }
    },
    upsertService: async (_, a, ctx) => {
      requireAdmin(ctx.viewer, 'upsertService')
      const owner = await inputs.partySlugOf(ctx, a.input.ownerPartyId, 'input.ownerPartyId')
      const providers = await Promise.all(
        (a.input.providerPartyIds ?? []).map((id, i) =>
          inputs.partySlugOf(ctx, id, `input.providerPartyIds.${i}`)
        )
      )
      const r = await runWorldChange(
        ctx,
        'upsertService',
        `service ${a.input.slug}`,
        { coverage: false },
        (w) => upsertServiceEdit(w, { slug: a.input.slug, name: a.input.name, owner, providers })
      )
      return {
        service: found(await serviceRowBySlug(db(ctx), a.input.slug), `service ${a.input.slug}`),
        change: r.change,
      }
    },
  },
  CoverageWarning: {
    // Read fresh: the change may have created the party after this request's loaders cached the world.
    party: async (w, _, ctx) => found(await partyRowBySlug(db(ctx), w.party), `party ${w.party}`),
    hole: ({ target, reason, hours, ranges }) => ({ target, reason, hours, ranges }),
  },
  WorldChange: {
    warnings: (c) => (Array.isArray(c.warnings) ? c.warnings : []),
  },
  PartyIntegration: {
    dialect: (i) => enumValue(DIALECTS, i.dialect, 'PartyIntegration.dialect'),
    ratePerSecond: (i) => i.ratePerSecond ?? 50,
    hasOutboundSecret: (i) => Boolean(i.outboundSecret),
  },
  Party: {
    // written only by upsertPartyRow from a parsed PartyConfig, as load-world reads it
    integration: (p, _, ctx) =>
      ctx.viewer.role === 'VENDOR' && ctx.viewer.partyId !== p.id
        ? null
        : ((p.integration as PartyIntegrationSettings | null) ?? null),
  },
} satisfies Resolvers

async function calendarPayload(
  ctx: Ctx,
  slug: string,
  r: Awaited<ReturnType<typeof runWorldChange>>
) {
  const had = new Set(r.before.calendars.find((c) => c.slug === slug)?.holidays ?? [])
  const addedHolidays = (r.after.calendars.find((c) => c.slug === slug)?.holidays ?? []).filter(
    (h) => !had.has(h)
  )
  return {
    calendar: found(await calendarRowBySlug(db(ctx), slug), `calendar ${slug}`),
    addedHolidays,
    coverageWarnings: r.warnings,
    change: r.change,
  }
}
