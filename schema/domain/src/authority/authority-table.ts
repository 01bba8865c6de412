import { z } from 'zod'

/** A party's relation to an incident at the moment it acts. */
export const AuthorityRelation = z.enum(['holder', 'offered', 'observer', 'retained'])
export type AuthorityRelation = z.infer<typeof AuthorityRelation>
/** The relations a vendor can have; `retained` is the world's RETAINED party and never a vendor. */
export const VendorRelation = z.enum(['holder', 'offered', 'observer'])
export type VendorRelation = z.infer<typeof VendorRelation>

/** allow: applied as sent · request: becomes a request the retained team answers · refuse: not applied. */
export const AuthorityVerdict = z.enum(['allow', 'request', 'refuse'])
export type AuthorityVerdict = z.infer<typeof AuthorityVerdict>

/** The event types a party asks for (Baton's own `opened`, `handoff_expired` and requests are not asked for). */
export const GovernedEvent = z.enum([
  'acknowledged',
  'handoff_offered',
  'handoff_accepted',
  'handoff_rejected',
  'handoff_withdrawn',
  'waiting',
  'resumed',
  'resolved',
  'comment',
  'priority_changed',
  'priority_change_declined',
  'assigned',
  'reopened',
  'closed',
])
export type GovernedEvent = z.infer<typeof GovernedEvent>

export type AuthorityRow = Record<AuthorityRelation, AuthorityVerdict>

const holderOnly: AuthorityRow = {
  holder: 'allow',
  offered: 'refuse',
  observer: 'refuse',
  retained: 'allow',
}
const receiverOnly: AuthorityRow = {
  holder: 'refuse',
  offered: 'allow',
  observer: 'refuse',
  retained: 'allow',
}
const retainedOnly: AuthorityRow = {
  holder: 'refuse',
  offered: 'refuse',
  observer: 'refuse',
  retained: 'allow',
}

/**
 * Who may do what by default (docs/vendor-integration.md, "Authority"). Custody moves only through
 * its holder or the receiver of an open offer; priority is the retained team's call, so a vendor's
 * change becomes a request unless the world grants that vendor the right.
 */
export const DEFAULT_AUTHORITY: Readonly<Record<GovernedEvent, AuthorityRow>> = {
  acknowledged: holderOnly,
  handoff_offered: holderOnly,
  handoff_accepted: receiverOnly,
  handoff_rejected: receiverOnly,
  handoff_withdrawn: holderOnly,
  waiting: holderOnly,
  resumed: holderOnly,
  resolved: holderOnly,
  comment: { holder: 'allow', offered: 'allow', observer: 'allow', retained: 'allow' },
  priority_changed: {
    holder: 'request',
    offered: 'request',
    observer: 'request',
    retained: 'allow',
  },
  priority_change_declined: retainedOnly,
  assigned: retainedOnly,
  reopened: retainedOnly,
  closed: retainedOnly,
}

/** A party's overrides in the world file: per event type, per vendor relation, the verdict. */
export const AuthorityOverrides = z
  .partialRecord(GovernedEvent, z.partialRecord(VendorRelation, AuthorityVerdict))
  .describe(
    'overrides of the default authority table for this vendor, e.g. { "priority_changed": { "holder": "allow" } }'
  )
export type AuthorityOverrides = z.infer<typeof AuthorityOverrides>
