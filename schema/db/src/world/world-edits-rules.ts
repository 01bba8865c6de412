import {
  AgreementConfig,
  CalendarConfig,
  calendarFromICalendar,
  closestTimeZone,
  compileCalendar,
  LadderConfig,
  type World,
} from '@baton/domain'
import { ServiceError } from '@baton/domain'
import { badInput, parseInput } from './parse-edit-input.ts'
import { checkHolidayFeed } from './check-holiday-feed.ts'

// Pure edits of a World value for calendars, agreements and ladders (see world-edits-parties.ts).

const fieldOf = (message: string) => message.split(':')[0] ?? ''

function compiled(cal: CalendarConfig, prefix: string): CalendarConfig {
  try {
    compileCalendar(cal)
    return cal
  } catch (error) {
    if (error instanceof RangeError) {
      const field = fieldOf(error.message)
      const near = field === 'timeZone' ? closestTimeZone(cal.timeZone) : undefined
      throw badInput(
        `${prefix}.${field}`,
        error.message.slice(error.message.indexOf(':') + 1).trim() +
          (near ? `; did you mean ${near}?` : '')
      )
    }
    throw error
  }
}

/** Creates or updates a calendar; holidays left out keep the calendar's current ones (e.g. imported from iCalendar). */
export function upsertCalendarEdit(
  world: World,
  input: { slug: string; holidays?: string[] | null } & Record<string, unknown>
): World {
  const current = world.calendars.find((c) => c.slug === input.slug)
  const holidays = input.holidays ?? current?.holidays ?? []
  const cal = compiled(parseInput(CalendarConfig, { ...input, holidays }, 'input'), 'input')
  const calendars = world.calendars.some((c) => c.slug === cal.slug)
    ? world.calendars.map((c) => (c.slug === cal.slug ? cal : c))
    : [...world.calendars, cal]
  return { ...world, calendars }
}

/** Merges the all-day VEVENTs of an iCalendar feed into a calendar's holidays (the domain's calendarFromICalendar reads them). */
export function importCalendarHolidaysEdit(world: World, slug: string, ics: string): World {
  const cal = world.calendars.find((c) => c.slug === slug)
  if (!cal) throw badInput('calendarSlug', `no calendar '${slug}'`)
  checkHolidayFeed(ics)
  let imported: string[]
  try {
    imported = calendarFromICalendar(ics, { timeZone: cal.timeZone, week: cal.week }).holidays
  } catch (error) {
    if (error instanceof RangeError) throw badInput('ics', error.message)
    throw error
  }
  const holidays = [...new Set([...cal.holidays, ...imported])].sort()
  return {
    ...world,
    calendars: world.calendars.map((c) => (c.slug === slug ? { ...c, holidays } : c)),
  }
}

export type AgreementVersionEdit = {
  slug: string
  /** the version to publish; default the next one. An existing version is a CONFLICT (published versions are immutable). */
  version?: number
  effectiveFrom: string
  /** fields of the new version (validated here as AgreementConfig); what is left out is carried over from the latest version */
  changes: Record<string, unknown>
}
/** Clock skew allowed for an effectiveFrom of "now". */
const SKEW_MS = 60_000

/**
 * Publishes a new version of an agreement. It must not take effect before `now`: incidents already
 * open are bound to the version that was in force when they opened, and stay so.
 */
export function publishAgreementVersionEdit(
  world: World,
  input: AgreementVersionEdit,
  now: Date
): World {
  const versions = world.agreements
    .filter((a) => a.slug === input.slug)
    .sort((a, b) => a.version - b.version)
  const latest = versions.at(-1)
  const next = (latest?.version ?? 0) + 1
  if (input.version !== undefined && input.version < next)
    throw new ServiceError(
      'CONFLICT',
      `agreement ${input.slug} version ${input.version} is published and immutable; publish version ${next} instead`
    )
  if (input.version !== undefined && input.version > next)
    throw badInput('input.version', `the next version of ${input.slug} is ${next}`)
  if (Date.parse(input.effectiveFrom) < now.getTime() - SKEW_MS)
    throw badInput(
      'input.effectiveFrom',
      'must not be in the past: open incidents keep the version they started with'
    )
  if (latest && Date.parse(input.effectiveFrom) < Date.parse(latest.effectiveFrom))
    throw badInput(
      'input.effectiveFrom',
      `must not be before version ${latest.version}'s ${latest.effectiveFrom}`
    )
  const base = latest
    ? (({ slug: _s, version: _v, effectiveFrom: _e, ...rest }) => rest)(latest)
    : {}
  const defined = Object.fromEntries(
    Object.entries(input.changes).filter(([, v]) => v !== undefined)
  )
  const agreement = parseInput(
    AgreementConfig,
    { ...base, ...defined, slug: input.slug, version: next, effectiveFrom: input.effectiveFrom },
    'input'
  )
  for (const [field, slug] of [
    ['providerPartyId', agreement.provider],
    ['customerPartyId', agreement.customer],
  ] as const) {
    if (slug && slug !== '*' && !world.parties.some((p) => p.slug === slug))
      throw badInput(`input.${field}`, `no party '${slug}'`)
  }
  agreement.services.forEach((s, i) => {
    if (!world.services.some((x) => x.slug === s))
      throw badInput(`input.services.${i}`, `no service '${s}'`)
  })
  agreement.targets.forEach((t, i) => {
    const on = t.measuredOn
    if ('calendar' in on && !world.calendars.some((c) => c.slug === on.calendar))
      throw badInput(`input.targets.${i}.measuredOn.calendar`, `no calendar '${on.calendar}'`)
    if (
      'desk' in on &&
      !world.parties.some((p) => p.desks.some((d) => `${p.slug}/${d.slug}` === on.desk))
    )
      throw badInput(`input.targets.${i}.measuredOn.desk`, `no desk '${on.desk}'`)
    if ('followTheSun' in on && !world.parties.some((p) => p.slug === on.followTheSun))
      throw badInput(`input.targets.${i}.measuredOn.followTheSun`, `no party '${on.followTheSun}'`)
  })
  return { ...world, agreements: [...world.agreements, agreement] }
}

/** Creates or replaces the ladder of a party for exactly these priorities. */
export function upsertLadderEdit(world: World, input: unknown): World {
  const ladder = parseInput(LadderConfig, input, 'input')
  if (!world.parties.some((p) => p.slug === ladder.party))
    throw badInput('input.partyId', `no party '${ladder.party}'`)
  const key = [...new Set(ladder.priority)].sort().join(',')
  const same = (l: LadderConfig) =>
    l.party === ladder.party && [...new Set(l.priority)].sort().join(',') === key
  const overlap = world.ladders.find(
    (l) =>
      !same(l) && l.party === ladder.party && l.priority.some((p) => ladder.priority.includes(p))
  )
  if (overlap)
    throw badInput(
      'input.priority',
      `${ladder.party} already has a ladder for ${overlap.priority.join(', ')}; change that ladder's priorities together`
    )
  const ladders = world.ladders.some(same)
    ? world.ladders.map((l) => (same(l) ? ladder : l))
    : [...world.ladders, ladder]
  return { ...world, ladders }
}
