import type { IncidentEvent } from '../events/incident-event.ts'
import type { IncidentState } from '../custody/incident-state.ts'
import { openHandoff } from '../custody/incident-state.ts'
import type { PartyConfig } from '../world/world.ts'
import {
  DEFAULT_AUTHORITY,
  GovernedEvent,
  type AuthorityRelation,
  type AuthorityVerdict,
} from './authority-table.ts'

/** What authority needs of an incident: who holds it and who an open offer is to. */
export type AuthorityState = { holder: string; openOfferTo?: string | undefined }
export const authorityStateOf = (s: Pick<IncidentState, 'holder' | 'handoffs'>): AuthorityState => {
  const to = openHandoff(s as IncidentState)?.to
  return { holder: s.holder, ...(to ? { openOfferTo: to } : {}) }
}

/** The world as authority reads it: each party's kind and overrides. */
export type AuthorityWorld = {
  parties: ReadonlyArray<Pick<PartyConfig, 'slug' | 'kind' | 'authority'>>
}

export type AuthorityDecision = {
  verdict: AuthorityVerdict
  relation: AuthorityRelation
  /** `<event type>/<relation>`, e.g. `acknowledged/observer`: the row and column of the table */
  rule: string
  /** where the verdict comes from: the defaults, or this party's overrides in the world file */
  source: 'default' | 'world'
  reason: string
}

export const actingPartyOf = (e: IncidentEvent): string | undefined =>
  'party' in e ? e.party : e.type === 'handoff_offered' ? e.from : undefined

export function relationOf(
  state: AuthorityState,
  party: string,
  world: AuthorityWorld
): AuthorityRelation {
  if (world.parties.some((p) => p.slug === party && p.kind === 'RETAINED')) return 'retained'
  if (state.holder === party) return 'holder'
  if (state.openOfferTo === party) return 'offered'
  return 'observer'
}

const WHO: Record<AuthorityRelation, string> = {
  holder: 'the holder',
  offered: 'the receiver of the open offer',
  observer: 'a bonded observer',
  retained: 'the retained party',
}

/**
 * May `party` (a bonded vendor, or the retained party) have `type` applied to the incident now?
 * The party's overrides in the world win over the defaults; unknown types are refused.
 */
export function authorizeEvent(
  state: AuthorityState,
  party: string,
  type: string,
  world: AuthorityWorld
): AuthorityDecision {
  const relation = relationOf(state, party, world)
  const rule = `${type}/${relation}`
  const governed = GovernedEvent.safeParse(type)
  if (!governed.success)
    return {
      verdict: 'refuse',
      relation,
      rule,
      source: 'default',
      reason: `'${type}' is Baton's own event: no party may send it`,
    }
  const override =
    relation === 'retained'
      ? undefined
      : world.parties.find((p) => p.slug === party)?.authority?.[governed.data]?.[relation]
  const source = override ? 'world' : 'default'
  const who = `${party} is ${WHO[relation]} of this incident`
  const verdict = override ?? DEFAULT_AUTHORITY[governed.data][relation]
  // Only a priority change has a request flow; any other 'request' in an override refuses.
  if (verdict === 'request' && governed.data !== 'priority_changed')
    return {
      verdict: 'refuse',
      relation,
      rule,
      source,
      reason: `${who}: ${type} cannot be requested, only priority changes can`,
    }
  const reason =
    verdict === 'allow'
      ? `${who}: ${type} is allowed`
      : verdict === 'request'
        ? `${who}: ${type} becomes a request the retained team accepts or declines`
        : `${who}: ${type} is not allowed (${allowedRelations(party, governed.data, world)})`
  return { verdict, relation, rule, source, reason }
}

/** "only the holder may", for a refusal's reason. */
function allowedRelations(party: string, type: GovernedEvent, world: AuthorityWorld): string {
  const overrides = world.parties.find((p) => p.slug === party)?.authority?.[type]
  const allowed = (['holder', 'offered', 'observer'] as const).filter(
    (r) => (overrides?.[r] ?? DEFAULT_AUTHORITY[type][r]) !== 'refuse'
  )
  return allowed.length === 0
    ? 'only the retained party may'
    : `only ${allowed.map((r) => WHO[r]).join(' or ')} may`
}
