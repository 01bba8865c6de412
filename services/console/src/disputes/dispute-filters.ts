import type { DisputeState } from '../gql/graphql.ts'

/** The disputes list's filters, kept in the query string (`?state=OPEN&vendor=vistula`). */
export interface DisputeFilters {
  /** null: every state */
  state: DisputeState | null
  /** a vendor's slug, null: every vendor */
  vendor: string | null
}

const STATES: readonly DisputeState[] = ['OPEN', 'ACCEPTED', 'REJECTED']

/** Reads the filters; the list opens on the disputes awaiting a decision (`state=ALL` shows every state). */
export function parseDisputeFilters(search: string): DisputeFilters {
  const q = new URLSearchParams(search)
  const s = q.get('state')
  const state = s === 'ALL' ? null : (STATES.find((x) => x === s) ?? 'OPEN')
  const vendor = q.get('vendor')?.trim() || null
  return { state, vendor }
}

export function serializeDisputeFilters(f: DisputeFilters): string {
  const q = new URLSearchParams()
  if (f.state !== 'OPEN') q.set('state', f.state ?? 'ALL')
  if (f.vendor) q.set('vendor', f.vendor)
  const s = q.toString()
  return s ? `?${s}` : ''
}

/** The disputes of one vendor (by slug), or all of them. */
export function byVendor<T extends { party: { slug: string } }>(
  disputes: readonly T[],
  vendor: string | null
): T[] {
  return vendor ? disputes.filter((d) => d.party.slug === vendor) : [...disputes]
}
