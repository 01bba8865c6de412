import { sql } from 'drizzle-orm'
import { authorizeEvent, isUuid, type AuthorityWorld, type IncidentEventType } from '@baton/domain'
import type { Database } from '@baton/db'
import { ServiceError } from '../../app/service-error.ts'
import type { InboundMessage } from '../../dialects/inbound-message.ts'
import type { KnownParty } from '../../parties/party-directory.ts'
import { findReceipt } from '../receipts/receipt-rows.ts'

/** The incident event a vendor message asks for; openings and disputes follow their own rules. */
export function askedEventType(m: InboundMessage): IncidentEventType | null {
  switch (m.type) {
    case 'incident.acknowledged':
      return 'acknowledged'
    case 'handoff.accepted':
      return 'handoff_accepted'
    case 'handoff.rejected':
      return 'handoff_rejected'
    case 'handoff.requested':
      return 'handoff_offered'
    case 'incident.waiting':
      return 'waiting'
    case 'incident.resumed':
      return 'resumed'
    case 'incident.updated':
      return m.priority ? 'priority_changed' : 'comment'
    case 'incident.resolved':
      return 'resolved'
    case 'incident.comment':
      return 'comment'
    case 'incident.opened':
    case 'attribution.disputed':
      return null
  }
}

const worldOf = (party: KnownParty): AuthorityWorld => ({
  parties: [
    {
      slug: party.slug,
      kind: party.kind,
      ...(party.authority ? { authority: party.authority } : {}),
    },
  ],
})

type Row = { holder: string; offered: boolean; accepting: boolean }

/**
 * The party's relation to the incident the message names, from the projection. A hand-off
 * acceptance of its own still waiting for the workflow counts as holding: the vendor may follow
 * its acceptance at once (the workflow checks again against the exact state).
 */
async function relationFacts(
  db: Database,
  partyId: string,
  ref: InboundMessage['incident']
): Promise<Row | null> {
  const match = ref.id
    ? isUuid(ref.id)
      ? sql`i.id = ${ref.id}`
      : sql`i.key = ${ref.id}`
    : ref.vendorRef
      ? sql`b.vendor_ref = ${ref.vendorRef}`
      : null
  if (!match) return null
  const rows = await db.execute<Row>(sql`
    select hp.slug as holder,
      exists(select 1 from handoffs h where h.incident_id = i.id and h.to_party_id = ${partyId} and h.state in ('OFFERED', 'EXPIRED')) as offered,
      case when i.holder_party_id = ${partyId} then false else exists(
        select 1 from inbound_receipts r where r.status in ('RECORDED', 'SIGNALLED') and r.party_id = ${partyId} and r.incident_id = i.id and r.type = 'handoff.accepted') end as accepting
    from bonds b join incidents i on i.id = b.incident_id join parties hp on hp.id = i.holder_party_id
    where b.party_id = ${partyId} and ${match}`)
  return rows[0] ?? null
}

/**
 * Authority at the edge (issue 18): a message the table refuses for this party's relation to the
 * incident is answered 403 naming the rule, before any receipt. Messages the table allows in
 * every relation need no lookup; an unbonded incident is left to the normal path (404), and a
 * repeat of a message already received to its duplicate answer.
 */
export async function enforceAuthority(
  db: Database,
  party: KnownParty,
  message: InboundMessage,
  messageId: string
): Promise<void> {
  const type = askedEventType(message)
  if (!type) return
  const world = worldOf(party)
  const always = (['holder', 'offered', 'observer'] as const).every(
    (r) =>
      authorizeEvent(
        r === 'holder'
          ? { holder: party.slug }
          : { holder: '', ...(r === 'offered' ? { openOfferTo: party.slug } : {}) },
        party.slug,
        type,
        world
      ).verdict !== 'refuse'
  )
  if (always) return
  const facts = await relationFacts(db, party.id, message.incident)
  if (!facts) return
  const holder = facts.accepting ? party.slug : facts.holder
  const decision = authorizeEvent(
    { holder, ...(facts.offered ? { openOfferTo: party.slug } : {}) },
    party.slug,
    type,
    world
  )
  if (decision.verdict !== 'refuse') return
  if (await findReceipt(db, party.id, messageId)) return
  throw new ServiceError('FORBIDDEN', `${decision.rule}: ${decision.reason}`, 'type', undefined, {
    rule: decision.rule,
  })
}
