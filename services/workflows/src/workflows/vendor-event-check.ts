import type { IncidentEvent, World } from '@baton/domain'

/** The patch behind refusing (rather than failing on) a vendor event that names what cannot be resolved. */
export const REFUSE_UNRESOLVED_PATCH = 'refuse-unresolvable-vendor-events'

const PARTY_FIELDS = ['party', 'from', 'to', 'on'] as const
const DESK_FIELDS = ['toDesk'] as const

/**
 * Why a vendor event cannot be applied to incident `key` as it stands, before the state machine
 * is asked: a hand-off it offers under an id Baton did not mint for this incident, or a party or
 * desk the incident's pinned world does not know. The intake resolves all of these before its
 * 202; this is the workflow's own guard for what reaches it anyway (an older receipt re-signalled,
 * a dead letter replayed, a party added to the world after the incident opened). A world that
 * names no parties at all (a bare test world) is no directory, and only the hand-off id is checked.
 */
export function unresolvedReference(
  event: IncidentEvent,
  world: World,
  key: string
): string | null {
  if (event.type === 'handoff_offered' && !event.handoffId.startsWith(`${key}-`)) {
    return `handoffId: '${event.handoffId}' is not a hand-off id Baton minted for ${key}`
  }
  if (world.parties.length === 0) return null
  const fields = event as Partial<
    Record<(typeof PARTY_FIELDS)[number] | (typeof DESK_FIELDS)[number], unknown>
  >
  for (const field of PARTY_FIELDS) {
    const slug = fields[field]
    if (typeof slug === 'string' && !world.parties.some((p) => p.slug === slug))
      return `${field}: unknown party '${slug}'`
  }
  for (const field of DESK_FIELDS) {
    const ref = fields[field]
    if (typeof ref !== 'string') continue
    const [partySlug, deskSlug] = ref.split('/')
    if (!world.parties.find((p) => p.slug === partySlug)?.desks.some((d) => d.slug === deskSlug))
      return `${field}: unknown desk '${ref}'`
  }
  return null
}
