import type { IncidentEvent, IncidentState, World } from '@baton/domain'
import type { OutboundType } from '@baton/temporal'

export type OutboundMessage = { party: string; type: OutboundType }

const hasEndpoint = (world: World, party: string) =>
  !!world.parties.find((p) => p.slug === party)?.integration?.outboundUrl

/**
 * Which vendors hear about an event, in which outbound type. The vendor whose own message caused
 * the event is never echoed its change.
 */
export function planOutbound(
  event: IncidentEvent,
  before: IncidentState,
  after: IncidentState,
  world: World,
  sourceParty?: string
): OutboundMessage[] {
  const involved = new Set([after.holder, ...after.handoffs.flatMap((h) => [h.from, h.to])])
  const to = (parties: Iterable<string>, type: OutboundType) =>
    [...new Set(parties)]
      .filter((p) => p !== sourceParty && hasEndpoint(world, p))
      .map((party) => ({ party, type }))
  switch (event.type) {
    case 'opened':
    case 'assigned':
      return to([after.holder], 'incident.assigned')
    case 'handoff_offered':
      return to([event.to], 'handoff.offered')
    case 'handoff_withdrawn': {
      const h = before.handoffs.find((x) => x.id === event.handoffId)
      return to(h ? [h.to] : [], 'handoff.withdrawn')
    }
    case 'priority_change_declined':
    case 'priority_changed': {
      // A request's answer also reaches the vendor that asked, involved or not.
      const asked =
        'requestId' in event
          ? before.priorityRequests.find((r) => r.id === event.requestId)?.party
          : undefined
      return to(
        [...involved, ...(asked ? [asked] : [])].filter(
          (p) => event.type === 'priority_changed' || p === asked
        ),
        'incident.updated'
      )
    }
    case 'handoff_accepted':
    case 'handoff_rejected':
    case 'waiting':
    case 'resumed':
    case 'reopened':
      return to(involved, 'incident.updated')
    case 'resolved':
      return to(involved, 'incident.resolved')
    case 'closed':
      return to(involved, 'incident.closed')
    default:
      return []
  }
}
