import { IANAZone } from 'luxon'
import { z } from 'zod'
import {
  AgreementConfig,
  CalendarConfig,
  LadderConfig,
  PartyConfig,
  PingPongPolicy,
  ServiceConfig,
  World,
} from './world.ts'
import { closestName } from './closest-name.ts'
import { ServiceError } from '../errors/service-error.ts'

// The world refuses what it cannot honour (issue 22): beyond the shape the zod schema checks,
// every reference must resolve, every zone must be an IANA zone, business windows must be
// well-formed and disjoint, and each agreement's targets must cover the priorities it names.
// One pure function, called by every entry point (baton apply, the admin mutations, npm start),
// that reports every problem at once, each with its JSON path, the bad value and, for a
// misspelt name, the closest valid one.

export type WorldProblem = {
  /** JSONPath of the offending value, e.g. `$.calendars[3].timeZone` */
  path: string
  /** the offending value as given (absent when the value is missing) */
  value?: unknown
  /** what is wrong, ending in "did you mean …?" when a valid name is close */
  message: string
  /** the closest valid name, for a misspelt reference or zone */
  suggestion?: string
}
export type WorldValidation =
  { ok: true; world: World; problems: [] } | { ok: false; problems: WorldProblem[] }

/** Thrown where a world with problems was about to be applied; nothing was. A BAD_USER_INPUT. */
export class InvalidWorldError extends ServiceError {
  constructor(
    readonly problems: WorldProblem[],
    what = 'the world'
  ) {
    super(
      'BAD_USER_INPUT',
      `${what} is not valid (${problems.length} problem${problems.length === 1 ? '' : 's'}); nothing was applied:\n${problems.map((p) => `  ${formatWorldProblem(p)}`).join('\n')}`,
      { problems }
    )
    this.name = 'InvalidWorldError'
  }
}

/** `$.calendars[3].timeZone = "Asia/Tokio": not an IANA time zone; did you mean Asia/Tokyo?` */
export function formatWorldProblem(p: WorldProblem): string {
  const value = p.value === undefined ? '' : ` = ${JSON.stringify(p.value)}`
  return `${p.path}${value}: ${p.message}`
}

/**
 * Parses a world (the domain's World schema) and checks it as a whole. `ok` only when there is
 * no problem at all; the shape's problems and the references' come back together.
 */
export function validateWorld(input: unknown): WorldValidation {
  const parsed = World.safeParse(input)
  const shape: WorldProblem[] = parsed.success
    ? []
    : parsed.error.issues.map((issue) => {
        const path = jsonPath(issue.path)
        const value = valueAt(input, issue.path)
        const options =
          'values' in issue && Array.isArray(issue.values) ? issue.values.map(String) : undefined
        const suggestion =
          typeof value === 'string' && options ? closestName(value, options) : undefined
        return {
          path,
          ...(value === undefined ? {} : { value }),
          message: suggestion
            ? `${shapeMessage(issue)}; did you mean ${suggestion}?`
            : shapeMessage(issue),
          ...(suggestion ? { suggestion } : {}),
        }
      })
  const flagged = new Set(shape.map((p) => p.path))
  const problems = [
    ...shape,
    ...(parsed.success ? unknownFields(input, parsed.data) : unknownFieldsOfParts(input)),
    ...worldReferenceProblems(input).filter((p) => !flagged.has(p.path)),
  ]
  if (parsed.success && problems.length === 0) return { ok: true, world: parsed.data, problems: [] }
  return { ok: false, problems }
}

let fieldNames: Set<string> | undefined
/** Every property name the world schema knows, for "did you mean" on a misspelt field. */
function schemaFieldNames(): Set<string> {
  if (fieldNames) return fieldNames
  const names = new Set<string>()
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk)
    if (!node || typeof node !== 'object') return
    const properties = (node as { properties?: unknown }).properties
    if (properties && typeof properties === 'object')
      for (const name of Object.keys(properties)) names.add(name)
    Object.values(node).forEach(walk)
  }
  walk(z.toJSONSchema(World, { io: 'input', unrepresentable: 'any' }))
  return (fieldNames = names)
}

/**
 * Fields the schema does not know: zod drops them without a word, so a misspelt optional field
 * ('measureOn') would silently fall back to its default. Found by walking the input beside what
 * the schema made of it: an object key the parsed object lacks was dropped.
 */
function unknownFields(input: unknown, parsed: unknown, path: PropertyKey[] = []): WorldProblem[] {
  if (Array.isArray(input) && Array.isArray(parsed))
    return input.flatMap((v, i) => unknownFields(v, parsed[i], [...path, i]))
  if (!isPlainObject(input) || !isPlainObject(parsed)) return []
  return Object.entries(input).flatMap(([key, value]) => {
    if (key in parsed) return unknownFields(value, parsed[key], [...path, key])
    const suggestion = closestName(key, [...Object.keys(parsed), ...schemaFieldNames()])
    const message = `unknown field '${key}', which would be ignored`
    return [
      {
        path: jsonPath([...path, key]),
        value,
        message: suggestion ? `${message}; did you mean ${suggestion}?` : message,
        ...(suggestion ? { suggestion } : {}),
      },
    ]
  })
}
/** With the world's shape wrong somewhere, the unknown fields of each part whose own shape is right. */
function unknownFieldsOfParts(input: unknown): WorldProblem[] {
  if (!isPlainObject(input)) return []
  const parts = [
    ['calendars', CalendarConfig],
    ['parties', PartyConfig],
    ['services', ServiceConfig],
    ['agreements', AgreementConfig],
    ['ladders', LadderConfig],
  ] as const
  const of = (value: unknown, schema: z.ZodType, path: PropertyKey[]) => {
    const parsed = schema.safeParse(value)
    return parsed.success ? unknownFields(value, parsed.data, path) : []
  }
  return [
    ...parts.flatMap(([key, schema]) => arr(input[key]).flatMap((v, i) => of(v, schema, [key, i]))),
    ...(input.pingPong === undefined ? [] : of(input.pingPong, PingPongPolicy, ['pingPong'])),
  ]
}
const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  !!v && typeof v === 'object' && !Array.isArray(v)

type Obj = Record<string, unknown>
const obj = (v: unknown): Obj => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {})
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : [])
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined)

export function jsonPath(path: readonly PropertyKey[]): string {
  return (
    '$' +
    path
      .map((k) =>
        typeof k === 'number'
          ? `[${k}]`
          : /^[A-Za-z_$][\w$]*$/.test(String(k))
            ? `.${String(k)}`
            : `[${JSON.stringify(String(k))}]`
      )
      .join('')
  )
}
function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let v = input
  for (const k of path) {
    if (v === null || typeof v !== 'object') return undefined
    v = (v as Record<PropertyKey, unknown>)[k]
  }
  return v
}

let zoneNames: string[] | undefined
const ianaZones = () =>
  (zoneNames ??= [...Intl.supportedValuesOf('timeZone'), 'UTC', 'Etc/UTC'].sort())
const validZone = (zone: string) => zone !== '' && IANAZone.isValidZone(zone)
/** The IANA zone closest to a wrong one ('Asia/Tokio' → 'Asia/Tokyo'), if one is close. */
export const closestTimeZone = (zone: string): string | undefined => closestName(zone, ianaZones())

const TIME = /^([01]\d|2[0-3]):([0-5]\d)$|^24:00$/
const minutes = (v: unknown): number | undefined => {
  const s = str(v)
  if (!s || !TIME.test(s)) return undefined
  return s === '24:00' ? 24 * 60 : Number(s.slice(0, 2)) * 60 + Number(s.slice(3))
}
const PRIORITIES = ['P1', 'P2', 'P3', 'P4']
const unknownDesk = (ref: string) =>
  ref.includes('/') ? 'unknown desk' : "unknown desk (write 'party-slug/desk-slug')"
/** The schema's own words, where they are terse. */
const shapeMessage = (issue: { code: string; message: string; format?: unknown }) =>
  issue.code === 'invalid_format' && issue.format === 'date'
    ? 'not a calendar date (YYYY-MM-DD)'
    : issue.message
/** Calendars that need not be declared (the domain's findCalendar makes them). */
const IMPLICIT_CALENDARS = ['24x7-utc', '24x7']

/**
 * The problems of a world beyond its shape: references, zones, windows, coverage. Reads the
 * input defensively (a value of the wrong shape is the schema's problem, skipped here), so it
 * runs on a world whose shape is also wrong and every problem is reported at once.
 */
export function worldReferenceProblems(input: unknown): WorldProblem[] {
  const world = obj(input)
  const out: WorldProblem[] = []
  const report = (path: string, value: unknown, message: string, valid?: Iterable<string>) => {
    const suggestion = typeof value === 'string' && valid ? closestName(value, valid) : undefined
    out.push({
      path,
      ...(value === undefined ? {} : { value }),
      message: suggestion ? `${message}; did you mean ${suggestion}?` : message,
      ...(suggestion ? { suggestion } : {}),
    })
  }
  /** Reports the second and later occurrences of a name among siblings. */
  const unique = (items: Array<[string | undefined, string]>, what: string) => {
    const first = new Map<string, string>()
    for (const [name, path] of items) {
      if (name === undefined) continue
      const seen = first.get(name)
      if (seen) report(path, name, `${what} '${name}' is declared twice (first at ${seen})`)
      else first.set(name, path)
    }
  }

  const calendars = arr(world.calendars).map(obj)
  const parties = arr(world.parties).map(obj)
  const services = arr(world.services).map(obj)
  const agreements = arr(world.agreements).map(obj)
  const ladders = arr(world.ladders).map(obj)

  const calendarSlugs = new Set([
    ...calendars.map((c) => str(c.slug)).filter((s) => s !== undefined),
    ...IMPLICIT_CALENDARS,
  ])
  const partySlugs = new Set(parties.map((p) => str(p.slug)).filter((s) => s !== undefined))
  const deskRefs = new Set<string>()
  const contactSlugs = new Set<string>()
  for (const p of parties) {
    const party = str(p.slug) ?? ''
    for (const d of arr(p.desks).map(obj)) {
      deskRefs.add(`${party}/${str(d.slug) ?? ''}`)
      for (const c of arr(d.contacts).map(obj)) {
        const slug = str(c.slug)
        if (slug) contactSlugs.add(slug)
      }
    }
  }
  const serviceSlugs = new Set(services.map((s) => str(s.slug)).filter((s) => s !== undefined))

  // Calendars: unique slugs, IANA zones, windows that end after they start and do not overlap.
  unique(
    calendars.map((c, i) => [str(c.slug), `$.calendars[${i}].slug`]),
    'calendar'
  )
  calendars.forEach((c, i) => {
    const at = `$.calendars[${i}]`
    const zone = str(c.timeZone)
    if (zone !== undefined && !validZone(zone))
      report(`${at}.timeZone`, zone, 'not an IANA time zone', ianaZones())
    for (const [day, list] of Object.entries(obj(c.week))) {
      const windows = arr(list).flatMap((w, j) => {
        const start = minutes(obj(w).start)
        const end = minutes(obj(w).end)
        if (start === undefined || end === undefined) return []
        if (start >= end) {
          report(
            `${at}.week.${day}[${j}]`,
            w,
            `the window must end after it starts ('24:00' for midnight)`
          )
          return []
        }
        return [{ start, end, j, w: w as Obj }]
      })
      windows.sort((a, b) => a.start - b.start || a.j - b.j)
      for (let k = 1; k < windows.length; k++) {
        const [before, w] = [windows[k - 1]!, windows[k]!]
        if (w.start < before.end)
          report(
            `${at}.week.${day}[${Math.max(w.j, before.j)}]`,
            Math.max(w.j, before.j) === w.j ? w.w : before.w,
            `overlaps ${day}[${Math.min(w.j, before.j)}] (${String(before.w.start)}-${String(before.w.end)} and ${String(w.w.start)}-${String(w.w.end)}); merge them into one window`
          )
      }
    }
  })

  // Parties, desks and contacts: unique slugs, known calendars, IANA zones.
  unique(
    parties.map((p, i) => [str(p.slug), `$.parties[${i}].slug`]),
    'party'
  )
  parties.forEach((p, i) => {
    const desks = arr(p.desks).map(obj)
    unique(
      desks.map((d, j) => [str(d.slug), `$.parties[${i}].desks[${j}].slug`]),
      'desk'
    )
    desks.forEach((d, j) => {
      const at = `$.parties[${i}].desks[${j}]`
      const calendar = str(d.calendar)
      if (calendar !== undefined && !calendarSlugs.has(calendar))
        report(`${at}.calendar`, calendar, 'unknown calendar', calendarSlugs)
      const contacts = arr(d.contacts).map(obj)
      unique(
        contacts.map((c, k) => [str(c.slug), `${at}.contacts[${k}].slug`]),
        'contact'
      )
      contacts.forEach((c, k) => {
        const zone = str(c.timeZone)
        if (zone !== undefined && !validZone(zone))
          report(`${at}.contacts[${k}].timeZone`, zone, 'not an IANA time zone', ianaZones())
      })
    })
  })

  const party = (path: string, value: unknown, anyVendor = false) => {
    const slug = str(value)
    if (slug === undefined || partySlugs.has(slug) || (anyVendor && slug === '*')) return
    report(path, slug, 'unknown party', partySlugs)
  }

  // Services: unique, owner and providers known.
  unique(
    services.map((s, i) => [str(s.slug), `$.services[${i}].slug`]),
    'service'
  )
  services.forEach((s, i) => {
    party(`$.services[${i}].owner`, s.owner)
    arr(s.providers).forEach((p, j) => party(`$.services[${i}].providers[${j}]`, p))
  })

  // Agreements: unique versions, known parties, services and calendars; targets covering the
  // priorities the agreement names, once per metric.
  unique(
    agreements.map((a, i) => [
      str(a.slug) === undefined ? undefined : `${str(a.slug)}@${Number(a.version ?? 1)}`,
      `$.agreements[${i}].version`,
    ]),
    'agreement version'
  )
  agreements.forEach((a, i) => {
    const at = `$.agreements[${i}]`
    party(`${at}.provider`, a.provider, true)
    party(`${at}.customer`, a.customer, true)
    arr(a.services).forEach((s, j) => {
      const slug = str(s)
      if (slug !== undefined && !serviceSlugs.has(slug))
        report(`${at}.services[${j}]`, slug, 'unknown service', serviceSlugs)
    })
    const targets = arr(a.targets).map(obj)
    const named = new Set<string>()
    const byMetric = new Map<string, Map<string, number>>()
    targets.forEach((t, j) => {
      const on = obj(t.measuredOn)
      const where = `${at}.targets[${j}].measuredOn`
      if (typeof on.calendar === 'string' && !calendarSlugs.has(on.calendar))
        report(`${where}.calendar`, on.calendar, 'unknown calendar', calendarSlugs)
      if (typeof on.desk === 'string' && !deskRefs.has(on.desk))
        report(`${where}.desk`, on.desk, unknownDesk(on.desk), deskRefs)
      if (typeof on.followTheSun === 'string') party(`${where}.followTheSun`, on.followTheSun)
      const metric = str(t.metric)
      const priorities = arr(t.priority).filter(
        (p): p is string => typeof p === 'string' && PRIORITIES.includes(p)
      )
      for (const p of priorities) named.add(p)
      if (!metric) return
      const seen = byMetric.get(metric) ?? new Map<string, number>()
      byMetric.set(metric, seen)
      for (const p of priorities) {
        const first = seen.get(p)
        if (first !== undefined && first !== j)
          report(
            `${at}.targets[${j}].priority`,
            t.priority,
            `${p} ${metric} already has a target (targets[${first}]); one target per priority and metric`
          )
        else seen.set(p, j)
      }
    })
    for (const [metric, seen] of byMetric) {
      const missing = PRIORITIES.filter((p) => named.has(p) && !seen.has(p))
      if (missing.length > 0)
        report(
          `${at}.targets`,
          undefined,
          `no ${metric} target for ${missing.join(', ')}, which the agreement's other targets name (each metric needs a target for every priority the agreement covers)`
        )
    }
  })

  // Ladders: known party, one ladder per party and priority, named contacts that exist.
  ladders.forEach((l, i) => {
    const at = `$.ladders[${i}]`
    const slug = str(l.party)
    party(`${at}.party`, slug)
    const earlier = ladders.findIndex(
      (o, k) =>
        k < i && str(o.party) === slug && arr(o.priority).some((p) => arr(l.priority).includes(p))
    )
    if (earlier >= 0)
      report(
        `${at}.priority`,
        l.priority,
        `${slug} already has a ladder for ${arr(ladders[earlier]!.priority)
          .filter((p) => arr(l.priority).includes(p))
          .join(', ')} ($.ladders[${earlier}]); one ladder per party and priority`
      )
    // A role nobody holds is a coverage warning (coverageWarnings), not a dangling reference.
    arr(l.steps).forEach((s, j) => {
      arr(obj(s).targets).forEach((t, k) => {
        const target = obj(t)
        const where = `${at}.steps[${j}].targets[${k}]`
        if (typeof target.contact === 'string' && !contactSlugs.has(target.contact))
          report(`${where}.contact`, target.contact, 'unknown contact', contactSlugs)
      })
    })
  })

  // The ping-pong policy escalates to a desk that exists.
  const escalateTo = str(obj(world.pingPong).escalateTo)
  if (escalateTo !== undefined && !deskRefs.has(escalateTo))
    report('$.pingPong.escalateTo', escalateTo, unknownDesk(escalateTo), deskRefs)
  return out
}
