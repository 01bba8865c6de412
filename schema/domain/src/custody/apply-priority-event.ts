import type { IncidentEvent } from '../events/incident-event.ts'
import { domainError, ok } from '../result.ts'
import type { Result } from '../result.ts'
import type { IncidentState, PriorityRequest } from './incident-state.ts'

type PriorityEvent = Extract<
  IncidentEvent,
  { type: 'priority_changed' | 'priority_change_requested' | 'priority_change_declined' }
>

const answer = (s: IncidentState, id: string, patch: Partial<PriorityRequest>): PriorityRequest[] =>
  s.priorityRequests.map((r) => (r.id === id ? { ...r, ...patch } : r))

function pendingRequest(s: IncidentState, id: string): Result<PriorityRequest> {
  const request = s.priorityRequests.find((r) => r.id === id)
  if (!request) return domainError('REQUEST_NOT_FOUND', `no priority change request ${id}`)
  if (request.state !== 'PENDING')
    return domainError(
      'REQUEST_ALREADY_ANSWERED',
      `priority change request ${id} is already ${request.state}`
    )
  return ok(request)
}

/**
 * Priority changes: direct, requested (a vendor without the right asks the retained team), and a
 * request's answer (an accepting priority_changed names it; a decline carries the reason).
 */
export function applyPriorityEvent(
  s: IncidentState,
  e: PriorityEvent,
  at: string
): Result<IncidentState> {
  if (e.type === 'priority_change_requested') {
    if (s.priorityRequests.some((r) => r.id === e.requestId))
      return domainError('BAD_INPUT', `priority change request ${e.requestId} already exists`)
    const request: PriorityRequest = {
      id: e.requestId,
      party: e.party,
      priority: e.priority,
      from: s.priority,
      requestedAt: at,
      state: 'PENDING',
      ...(e.reason ? { reason: e.reason } : {}),
    }
    return ok({ ...s, priorityRequests: [...s.priorityRequests, request] })
  }
  if (e.type === 'priority_change_declined') {
    const pending = pendingRequest(s, e.requestId)
    if (!pending.ok) return pending
    return ok({
      ...s,
      priorityRequests: answer(s, e.requestId, {
        state: 'DECLINED',
        answeredAt: at,
        answeredBy: e.party,
        answer: e.reason,
      }),
    })
  }
  if (e.requestId === undefined) return ok({ ...s, priority: e.priority })
  const pending = pendingRequest(s, e.requestId)
  if (!pending.ok) return pending
  if (pending.value.priority !== e.priority)
    return domainError(
      'BAD_INPUT',
      `request ${e.requestId} asks for ${pending.value.priority}, not ${e.priority}`
    )
  return ok({
    ...s,
    priority: e.priority,
    priorityRequests: answer(s, e.requestId, {
      state: 'ACCEPTED',
      answeredAt: at,
      answeredBy: e.party,
      ...(e.reason ? { answer: e.reason } : {}),
    }),
  })
}
