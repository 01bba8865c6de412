import {
  actingPartyOf,
  authorityStateOf,
  authorizeEvent,
  type DomainError,
  type IncidentEvent,
  type IncidentState,
  type Result,
  type World,
} from '@baton/domain'

const notPermitted = (message: string): Result<never> => ({
  ok: false,
  error: { code: 'NOT_PERMITTED', message } satisfies DomainError,
})

/**
 * The workflow's last line behind the edges (adapters, gateway): a vendor's event passes the
 * authority table against the incident's exact state, or is refused (never a failed task). A
 * priority change the table makes a request becomes `priority_change_requested` (`<key>-P<n>`).
 */
export function screenVendorEvent(
  state: IncidentState,
  world: World,
  key: string,
  event: IncidentEvent,
  vendor?: string
): Result<IncidentEvent> {
  const party = actingPartyOf(event)
  if (!party) return notPermitted(`'${event.type}' is Baton's own event: no vendor may send it`)
  if (vendor !== undefined && party !== vendor)
    return notPermitted(`${vendor} cannot act as ${party}`)
  // Answering a request is the retained team's (priority_change_declined is in the table; accepting is this).
  const type =
    event.type === 'priority_changed' && event.requestId !== undefined
      ? 'priority_change_declined'
      : event.type
  const decision = authorizeEvent(authorityStateOf(state), party, type, world)
  if (decision.verdict === 'allow') return { ok: true, value: event }
  // Asking for the priority the incident already has changes nothing: it is recorded as sent.
  if (
    decision.verdict === 'request' &&
    event.type === 'priority_changed' &&
    event.priority === state.priority
  )
    return { ok: true, value: event }
  if (decision.verdict === 'request' && event.type === 'priority_changed') {
    // Everything the vendor sent (its time evidence included) stays on the request.
    const { type: _type, requestId: _id, reason: _reason, ...sent } = event
    return {
      ok: true,
      value: {
        ...sent,
        type: 'priority_change_requested',
        requestId: `${key}-P${state.priorityRequests.length + 1}`,
      },
    }
  }
  return notPermitted(`${decision.rule}: ${decision.reason}`)
}
