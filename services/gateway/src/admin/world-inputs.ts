import { partyRowById } from '@baton/db'
import type { GatewayContext } from '../context.ts'
import { badInput } from '../graphql/errors.ts'
import { formatIsoDuration } from '../graphql/scalars.ts'
import { isUuid } from '../loaders/create-loaders.ts'

// GraphQL admin inputs to the world document's shapes (slugs, ISO durations, lower-case enums).
// The domain's zod schemas validate the result; here only what GraphQL cannot express is checked.

type Maybe<T> = T | null | undefined
const lower = (v: Maybe<string>) => (v ? v.toLowerCase() : undefined)
const iso = (ms: Maybe<number>) =>
  ms === null || ms === undefined ? undefined : formatIsoDuration(ms)
const mapping = (rows: Maybe<{ from: string; to: string }[]>) =>
  rows ? Object.fromEntries(rows.map((r) => [r.from, r.to])) : undefined

/**
 * A party's slug from its id, or BAD_USER_INPUT naming the field. Read from the table, not the
 * request's loaders: they would cache the world as it was before the change this request makes.
 */
export async function partySlugOf(ctx: GatewayContext, id: string, field: string): Promise<string> {
  const party = isUuid(id) ? await partyRowById(ctx.deps.db.db, id) : null
  if (!party) throw badInput(`${field}: no party ${id}`, field)
  return party.slug
}

export type ChannelInput = {
  kind: string
  address?: Maybe<string>
  url?: Maybe<string>
  secret?: Maybe<string>
}
export type ContactInput = {
  slug: string
  name: string
  roles?: Maybe<string[]>
  timeZone?: Maybe<string>
  quietHours?: Maybe<{ start: string; end: string }>
  channels?: Maybe<ChannelInput[]>
}
export type DeskInput = {
  slug: string
  name: string
  calendar: string
  priorities?: Maybe<string[]>
  contacts?: Maybe<ContactInput[]>
}

const channel = (c: ChannelInput) => ({
  kind: c.kind.toLowerCase(),
  ...(c.address ? { address: c.address } : {}),
  ...(c.url ? { url: c.url } : {}),
  ...(c.secret ? { secret: c.secret } : {}),
})
const contact = (c: ContactInput) => ({
  slug: c.slug,
  name: c.name,
  roles: c.roles ?? [],
  channels: (c.channels ?? []).map(channel),
  ...(c.timeZone ? { timeZone: c.timeZone } : {}),
  ...(c.quietHours ? { quietHours: c.quietHours } : {}),
})
export const deskConfig = (d: DeskInput) => ({
  slug: d.slug,
  name: d.name,
  calendar: d.calendar,
  priorities: d.priorities ?? undefined,
  contacts: d.contacts ? d.contacts.map(contact) : undefined,
})

export type IntegrationInput = {
  dialect: string
  outboundUrl?: Maybe<string>
  ratePerSecond?: Maybe<number>
  clockSkew?: Maybe<number>
  priorityMappings?: Maybe<{ from: string; to: string }[]>
  stateMappings?: Maybe<{ from: string; to: string }[]>
}
export const integrationSettings = (i: IntegrationInput) => ({
  dialect: i.dialect.toLowerCase(),
  ...(i.outboundUrl ? { outboundUrl: i.outboundUrl } : {}),
  ...(i.ratePerSecond ? { ratePerSecond: i.ratePerSecond } : {}),
  ...(i.clockSkew != null ? { clockSkew: formatIsoDuration(i.clockSkew) } : {}),
  mappings: { priority: mapping(i.priorityMappings) ?? {}, state: mapping(i.stateMappings) ?? {} },
})

export type CalendarInput = {
  slug: string
  name?: Maybe<string>
  timeZone: string
  windows: { day: string; start: string; end: string }[]
  holidays?: Maybe<string[]>
}
const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']
export function calendarConfig(c: CalendarInput) {
  const week: Record<string, { start: string; end: string }[]> = {}
  c.windows.forEach((w, i) => {
    const day = w.day.toLowerCase().slice(0, 3)
    if (!DAYS.includes(day))
      throw badInput(
        `input.windows.${i}.day: '${w.day}' is not a weekday (mon..sun)`,
        `input.windows.${i}.day`
      )
    ;(week[day] ??= []).push({ start: w.start, end: w.end })
  })
  return {
    slug: c.slug,
    ...(c.name ? { name: c.name } : {}),
    timeZone: c.timeZone,
    week,
    holidays: c.holidays ?? null,
  }
}

type TargetInput = {
  priority: string[]
  metric: string
  duration: number
  measuredOnCalendar?: Maybe<string>
  measuredOnDesk?: Maybe<string>
  measuredOnReceivingDesk?: Maybe<boolean>
  measuredOnFollowTheSun?: Maybe<string>
  wallClock?: Maybe<boolean>
}
function measuredOn(t: TargetInput, field: string) {
  const on = [
    t.measuredOnCalendar ? { calendar: t.measuredOnCalendar } : null,
    t.measuredOnDesk ? { desk: t.measuredOnDesk } : null,
    t.measuredOnReceivingDesk ? { receivingDesk: true as const } : null,
    t.measuredOnFollowTheSun ? { followTheSun: t.measuredOnFollowTheSun } : null,
  ].filter((x) => x !== null)
  if (on.length > 1) throw badInput(`${field}: set at most one measuredOn… field`, field)
  return on[0]
}
export const targetConfig = (t: TargetInput, i: number) => {
  const on = measuredOn(t, `input.targets.${i}`)
  return {
    priority: t.priority,
    metric: t.metric,
    duration: iso(t.duration),
    ...(on ? { measuredOn: on } : {}),
    ...(t.wallClock !== null && t.wallClock !== undefined ? { wallClock: t.wallClock } : {}),
  }
}
export type TargetInputs = TargetInput[]

export function creditsConfig(json: Maybe<string>): unknown {
  if (json === null || json === undefined) return undefined
  try {
    return JSON.parse(json)
  } catch (error) {
    throw badInput(`input.creditsJson: not JSON (${(error as Error).message})`, 'input.creditsJson')
  }
}

type StepInput = {
  after?: Maybe<number>
  afterBusiness?: Maybe<number>
  atPercent?: Maybe<{ metric: string; percent: number }>
  when?: Maybe<string>
  targets: { role?: Maybe<string>; retainedRole?: Maybe<string>; contact?: Maybe<string> }[]
  repeat?: Maybe<{ every: number; times: number }>
}
export type LadderStepInputs = StepInput[]
export const ladderSteps = (steps: StepInput[]) =>
  steps.map((s, i) => ({
    ...(s.after !== null && s.after !== undefined ? { after: iso(s.after) } : {}),
    ...(s.afterBusiness !== null && s.afterBusiness !== undefined
      ? { afterBusiness: iso(s.afterBusiness) }
      : {}),
    ...(s.atPercent ? { atPercent: s.atPercent } : {}),
    ...(s.when ? { when: lower(s.when) } : {}),
    ...(s.repeat ? { repeat: { every: iso(s.repeat.every), times: s.repeat.times } } : {}),
    targets: s.targets.map((t, j) => {
      const set = Object.entries(t).filter(([, v]) => v !== null && v !== undefined)
      if (set.length !== 1)
        throw badInput(
          `input.steps.${i}.targets.${j}: set exactly one of role, retainedRole, contact`,
          `input.steps.${i}.targets.${j}`
        )
      return Object.fromEntries(set)
    }),
  }))
