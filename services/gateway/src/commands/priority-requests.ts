import { z } from 'zod'
import { Priority, type PriorityRequest } from '@baton/domain'
import type { IncidentRow } from '@baton/db'
import type { GatewayContext } from '../context.ts'
import { requireOperator } from '../auth/authorize.ts'
import { badInput, conflict } from '../graphql/errors.ts'
import { actorLabel, incidentForWrite, incidentInScope, retainedSlug } from './acting-party.ts'
import { runCommand } from './run-command.ts'

const Request = z.object({
  id: z.string(),
  party: z.string(),
  priority: Priority,
  from: Priority,
  requestedAt: z.string(),
  reason: z.string().optional(),
  state: z.enum(['PENDING', 'ACCEPTED', 'DECLINED']),
  answeredAt: z.string().optional(),
  answeredBy: z.string().optional(),
  answer: z.string().optional(),
})
const StateWithRequests = z.object({ priorityRequests: z.array(Request) })

/** The incident's priority change requests as the workflow projected them (none before authority existed). */
export function priorityRequestsOf(incident: IncidentRow): PriorityRequest[] {
  const parsed = StateWithRequests.safeParse(incident.state)
  return parsed.success ? (parsed.data.priorityRequests as PriorityRequest[]) : []
}

async function pendingRequest(
  ctx: GatewayContext,
  incidentId: string,
  requestId: string,
  what: string
) {
  requireOperator(ctx.viewer, what)
  const incident = await incidentForWrite(ctx, incidentId)
  const request = priorityRequestsOf(incident).find((r) => r.id === requestId)
  if (!request)
    throw badInput(
      `requestId: no priority change request ${requestId} on ${incident.key}`,
      'requestId'
    )
  if (request.state !== 'PENDING')
    throw conflict(
      `priority change request ${requestId} is already ${request.state}`,
      'REQUEST_ALREADY_ANSWERED'
    )
  return { incident, request }
}

/** The retained team accepts a vendor's priority change request: the priority changes. */
export async function acceptPriorityChange(
  ctx: GatewayContext,
  a: { incidentId: string; requestId: string; reason?: string | null }
) {
  const { incident, request } = await pendingRequest(
    ctx,
    a.incidentId,
    a.requestId,
    'acceptPriorityChange'
  )
  const reason = a.reason?.trim()
  await runCommand(ctx, incident, {
    type: 'priority_changed',
    at: ctx.now().toISOString(),
    actor: await actorLabel(ctx),
    party: await retainedSlug(ctx),
    priority: request.priority,
    requestId: request.id,
    ...(reason ? { reason } : {}),
  })
  return incidentInScope(ctx, a.incidentId)
}

/** The retained team declines it with a reason: the priority stays. */
export async function declinePriorityChange(
  ctx: GatewayContext,
  a: { incidentId: string; requestId: string; reason: string }
) {
  if (!a.reason.trim()) throw badInput('reason: declining a request needs a reason', 'reason')
  const { incident, request } = await pendingRequest(
    ctx,
    a.incidentId,
    a.requestId,
    'declinePriorityChange'
  )
  await runCommand(ctx, incident, {
    type: 'priority_change_declined',
    at: ctx.now().toISOString(),
    actor: await actorLabel(ctx),
    party: await retainedSlug(ctx),
    requestId: request.id,
    reason: a.reason.trim(),
  })
  return incidentInScope(ctx, a.incidentId)
}
