import type { Contact } from '@baton/domain'
import type { GatewayContext } from '../context.ts'
import type { ChannelKind, Resolvers } from '../generated/resolvers-types.ts'
import { gqlError } from '../graphql/errors.ts'

const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const
type CalendarConfig = {
  week?: Partial<Record<string, { start: string; end: string }[]>>
  holidays?: string[]
}

export const partyById = async (ctx: GatewayContext, id: string | null | undefined) =>
  id ? ((await ctx.loaders.parties()).byId.get(id) ?? null) : null
export const partyBySlug = async (ctx: GatewayContext, slug: string | null | undefined) =>
  slug ? ((await ctx.loaders.parties()).bySlug.get(slug) ?? null) : null

// For non-null fields: a foreign key or world slug names a party that exists (parties are never
// deleted and are visible to every role), so a miss is a fault, not an absent value.
const missing = (what: string, key: string): never => {
  throw gqlError('INTERNAL', `${what} ${key} is missing`)
}
export const requiredPartyById = async (ctx: GatewayContext, id: string) =>
  (await partyById(ctx, id)) ?? missing('party', id)
export const requiredPartyBySlug = async (ctx: GatewayContext, slug: string) =>
  (await partyBySlug(ctx, slug)) ?? missing('party', slug)
/** An incident a visible row points at (a bond, a dispute, a checked what-if): it is in the viewer's scope too. */
/** An agreement version by `slug@version`, as clocks and credit statements name it. */
export const requiredAgreement = async (ctx: GatewayContext, key: string) =>
  (await ctx.loaders.agreements()).bySlugVersion.get(key) ?? missing('agreement', key)
export const requiredIncident = async (ctx: GatewayContext, id: string) =>
  (await ctx.loaders.incident.load(id)) ?? missing('incident', id)

/** One channel of a roster contact as the world stores it: the parent of ContactChannel's fields. */
export type ContactChannelConfig = Contact['channels'][number]
const CHANNEL_KINDS: Record<ContactChannelConfig['kind'], ChannelKind> = {
  email: 'EMAIL',
  webhook: 'WEBHOOK',
  slack: 'SLACK',
  teams: 'TEAMS',
}

export const worldResolvers = {
  Party: {
    desks: async (p, _, ctx) => (await ctx.loaders.desks()).byParty.get(p.id) ?? [],
  },
  Desk: {
    party: (d, _, ctx) => requiredPartyById(ctx, d.partyId),
    calendar: async (d, _, ctx) =>
      (await ctx.loaders.calendars()).bySlug.get(d.calendarSlug) ?? null,
    // Written only by upsertDeskRow from a parsed DeskConfig. A vendor sees no other party's
    // contacts (docs/graphql.md, What a vendor sees of other parties).
    contacts: (d, _, ctx) =>
      ctx.viewer.role === 'VENDOR' && ctx.viewer.partyId !== d.partyId
        ? null
        : (d.contacts as Contact[]),
  },
  Contact: {
    roles: (c) => c.roles ?? [],
    timeZone: (c) => c.timeZone ?? null,
    quietHours: (c) => c.quietHours ?? null,
    channels: (c) => c.channels ?? [],
  },
  ContactChannel: {
    kind: (c) => CHANNEL_KINDS[c.kind],
    address: (c) => (c.kind === 'email' ? c.address : null),
    url: (c) => (c.kind === 'email' ? null : c.url),
    // A reference (env:NAME, file:path, generate), not the secret; still only ADMIN, who sets it.
    secret: (c, _, ctx) =>
      c.kind === 'webhook' && ctx.viewer.role === 'ADMIN' ? (c.secret ?? null) : null,
  },
  BusinessCalendar: {
    windows: (c) => {
      const week = (c.config as CalendarConfig).week ?? {}
      return WEEKDAYS.flatMap((day) =>
        (week[day] ?? []).map((w) => ({ day, start: w.start, end: w.end }))
      )
    },
    holidays: (c) => (c.config as CalendarConfig).holidays ?? [],
  },
  Service: {
    owner: (s, _, ctx) => requiredPartyById(ctx, s.ownerPartyId),
    providers: async (s, _, ctx) => {
      const { bySlug } = await ctx.loaders.parties()
      return s.providers.map((slug) => bySlug.get(slug)).filter((p) => p !== undefined)
    },
  },
  Agreement: {
    provider: (a, _, ctx) => partyById(ctx, a.providerPartyId),
    anyProvider: (a) => a.providerPartyId === null,
    customer: (a, _, ctx) => partyById(ctx, a.customerPartyId),
  },
} satisfies Resolvers
