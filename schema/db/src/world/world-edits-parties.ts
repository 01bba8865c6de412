import {
  closestTimeZone,
  DeskConfig,
  PartyConfig,
  ServiceConfig,
  ServiceError,
  type World,
} from '@baton/domain'
import { badInput, parseInput } from './parse-edit-input.ts'

// Pure edits of a World value for the admin mutations: each returns the changed world or throws
// ServiceError. Validation of the whole result is changeWorld's (the domain World schema).

type Party = World['parties'][number]
/**
 * integration: the settings an admin may change (dialect, outboundUrl, ratePerSecond, mappings),
 * validated with the party; the secret references stay as they are ('generate' for a new integration).
 */
export type PartyEdit = {
  slug: string
  name: string
  kind: string
  integration?: ({ outboundUrl?: string } & Record<string, unknown>) | null
  desk?: unknown
}

const validZone = (zone: string) => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone })
    return true
  } catch {
    return false
  }
}

function checkDesk(world: World, desk: DeskConfig, field: string): void {
  if (!world.calendars.some((c) => c.slug === desk.calendar))
    throw badInput(`${field}.calendar`, `no calendar '${desk.calendar}'`)
  const seen = new Set<string>()
  desk.contacts.forEach((c, i) => {
    if (seen.has(c.slug))
      throw badInput(`${field}.contacts.${i}.slug`, `contact '${c.slug}' appears twice`)
    seen.add(c.slug)
    if (c.timeZone && !validZone(c.timeZone)) {
      const near = closestTimeZone(c.timeZone)
      throw badInput(
        `${field}.contacts.${i}.timeZone`,
        `invalid IANA time zone '${c.timeZone}'${near ? `; did you mean ${near}?` : ''}`
      )
    }
  })
}

const findParty = (world: World, slug: string): Party => {
  const p = world.parties.find((x) => x.slug === slug)
  if (!p) throw new ServiceError('NOT_FOUND', `party ${slug} not found`)
  return p
}
const replaceParty = (world: World, party: Party): World => ({
  ...world,
  parties: world.parties.some((p) => p.slug === party.slug)
    ? world.parties.map((p) => (p.slug === party.slug ? party : p))
    : [...world.parties, party],
})

/** Creates or updates a party (a new one needs its first desk). Secrets are never set here. */
export function upsertPartyEdit(world: World, input: PartyEdit): World {
  const existing = world.parties.find((p) => p.slug === input.slug)
  if (!existing && input.desk === undefined)
    throw badInput('input.desk', 'a new party needs its first desk')
  const desk =
    input.desk === undefined ? undefined : parseInput(DeskConfig, input.desk, 'input.desk')
  if (desk) checkDesk(world, desk, 'input.desk')
  const integration =
    input.integration === undefined
      ? existing?.integration
      : input.integration === null
        ? undefined
        : {
            ...input.integration,
            inboundSecret: existing?.integration?.inboundSecret ?? 'generate',
            ...(existing?.integration?.outboundSecret || input.integration.outboundUrl
              ? { outboundSecret: existing?.integration?.outboundSecret ?? 'generate' }
              : {}),
          }
  const desks = existing?.desks ?? []
  const party = parseInput(
    PartyConfig,
    {
      slug: input.slug,
      name: input.name,
      kind: input.kind,
      desks: desk ? [...desks.filter((d) => d.slug !== desk.slug), desk] : desks,
      ...(integration ? { integration } : {}),
      // Authority overrides are edited in the world file only; a GraphQL party edit keeps them.
      ...(existing?.authority ? { authority: existing.authority } : {}),
    },
    'input'
  )
  return replaceParty(world, party)
}

/** Creates or updates a desk; priorities or contacts left out keep the desk's current ones. */
export function upsertDeskEdit(
  world: World,
  partySlug: string,
  input: { slug: string; priorities?: unknown; contacts?: unknown } & Record<string, unknown>
): World {
  const party = findParty(world, partySlug)
  const current = party.desks.find((d) => d.slug === input.slug)
  const given = Object.fromEntries(
    Object.entries(input).filter(([, v]) => v !== undefined && v !== null)
  )
  const desk = parseInput(
    DeskConfig,
    {
      ...(current ? { priorities: current.priorities, contacts: current.contacts } : {}),
      ...given,
    },
    'input'
  )
  checkDesk(world, desk, 'input')
  const desks = party.desks.some((d) => d.slug === desk.slug)
    ? party.desks.map((d) => (d.slug === desk.slug ? desk : d))
    : [...party.desks, desk]
  return replaceParty(world, { ...party, desks })
}

/** Removes a desk nothing in the world points at; a party keeps at least one desk. */
export function removeDeskEdit(world: World, partySlug: string, deskSlug: string): World {
  const party = findParty(world, partySlug)
  if (!party.desks.some((d) => d.slug === deskSlug))
    throw new ServiceError('NOT_FOUND', `desk ${partySlug}/${deskSlug} not found`)
  if (party.desks.length === 1)
    throw new ServiceError('CONFLICT', `desk ${partySlug}/${deskSlug} is the party's only desk`)
  const ref = `${partySlug}/${deskSlug}`
  const agreement = world.agreements.find((a) =>
    a.targets.some((t) => 'desk' in t.measuredOn && t.measuredOn.desk === ref)
  )
  if (agreement)
    throw new ServiceError(
      'CONFLICT',
      `agreement ${agreement.slug} version ${agreement.version} measures time on desk ${ref}`
    )
  if (world.pingPong?.escalateTo === ref)
    throw new ServiceError('CONFLICT', `the ping-pong policy escalates to desk ${ref}`)
  return replaceParty(world, { ...party, desks: party.desks.filter((d) => d.slug !== deskSlug) })
}

export function upsertServiceEdit(world: World, input: unknown): World {
  const service = parseInput(ServiceConfig, input, 'input')
  findPartyAs(world, service.owner, 'input.ownerPartyId')
  service.providers.forEach((p, i) => findPartyAs(world, p, `input.providerPartyIds.${i}`))
  const services = world.services.some((s) => s.slug === service.slug)
    ? world.services.map((s) => (s.slug === service.slug ? service : s))
    : [...world.services, service]
  return { ...world, services }
}

function findPartyAs(world: World, slug: string, field: string): void {
  if (!world.parties.some((p) => p.slug === slug)) throw badInput(field, `no party '${slug}'`)
}
