import type { AgreementRow, CalendarRow, DeskRow, PartyRow, ServiceRow } from '@baton/db'
import type { GatewayContext } from '../context.ts'

const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const
type CalendarConfig = { week?: Partial<Record<string, { start: string; end: string }[]>>; holidays?: string[] }

export const partyById = async (ctx: GatewayContext, id: string | null | undefined) => (id ? (await ctx.loaders.parties()).byId.get(id) ?? null : null)
export const partyBySlug = async (ctx: GatewayContext, slug: string | null | undefined) => (slug ? (await ctx.loaders.parties()).bySlug.get(slug) ?? null : null)

export const worldResolvers = {
  Party: {
    desks: async (p: PartyRow, _: unknown, ctx: GatewayContext) => (await ctx.loaders.desks()).byParty.get(p.id) ?? [],
  },
  Desk: {
    party: (d: DeskRow, _: unknown, ctx: GatewayContext) => partyById(ctx, d.partyId),
    calendar: async (d: DeskRow, _: unknown, ctx: GatewayContext) => (await ctx.loaders.calendars()).bySlug.get(d.calendarSlug) ?? null,
  },
  BusinessCalendar: {
    windows: (c: CalendarRow) => {
      const week = (c.config as CalendarConfig).week ?? {}
      return WEEKDAYS.flatMap((day) => (week[day] ?? []).map((w) => ({ day, start: w.start, end: w.end })))
    },
    holidays: (c: CalendarRow) => (c.config as CalendarConfig).holidays ?? [],
  },
  Service: {
    owner: (s: ServiceRow, _: unknown, ctx: GatewayContext) => partyById(ctx, s.ownerPartyId),
    providers: async (s: ServiceRow, _: unknown, ctx: GatewayContext) => {
      const { bySlug } = await ctx.loaders.parties()
      return s.providers.map((slug) => bySlug.get(slug)).filter((p) => p !== undefined)
    },
  },
  Agreement: {
    provider: (a: AgreementRow, _: unknown, ctx: GatewayContext) => partyById(ctx, a.providerPartyId),
    anyProvider: (a: AgreementRow) => a.providerPartyId === null,
    customer: (a: AgreementRow, _: unknown, ctx: GatewayContext) => partyById(ctx, a.customerPartyId),
  },
}
