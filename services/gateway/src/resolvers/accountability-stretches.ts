import type { AccountableSpan } from '@baton/domain'

/** What AccountableStretch's fields read: a domain span with instants (to null while it lasts). */
export type AccountableStretchView = {
  party: string
  from: Date
  to: Date | null
  why: 'HOLDING' | 'WAITED_ON' | 'OVERDUE_OFFER'
}

const WHY = {
  holder: 'HOLDING',
  'waited-on': 'WAITED_ON',
  'overdue-offer': 'OVERDUE_OFFER',
} as const

/** The accountable stretches the clocks were computed from (deriveAccountability), for GraphQL. */
export const accountabilityStretches = (
  spans: readonly AccountableSpan[]
): AccountableStretchView[] =>
  spans.map((s) => ({
    party: s.party,
    from: new Date(s.from),
    to: Number.isFinite(s.to) ? new Date(s.to) : null,
    why: WHY[s.why],
  }))
