import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common'
import { isGrpcDeadlineError } from '@temporalio/client'
import { allocateIncident, loadPinnedWorld, type IncidentRow } from '@baton/db'
import {
  INCIDENT_WORKFLOW_TYPE,
  incidentWorkflowId,
  syncUpdate,
  type IncidentWorkflowInput,
} from '@baton/temporal'
import type { Priority } from '@baton/domain'
import type { GatewayContext } from '../context.ts'
import { requireOperator } from '../auth/authorize.ts'
import { badInput, gqlError } from '../graphql/errors.ts'
import { actorLabel, incidentInScope, partySlugById, retainedSlug } from './acting-party.ts'
import { DEFAULT_COMMAND_DEADLINE_MS, updateWithDeadline } from './update-with-deadline.ts'
import { runCommand } from './run-command.ts'

export type DeclareIncidentInput = {
  clientKey: string
  title: string
  priority: Priority
  holderPartyId: string
  serviceId?: string | null
  description?: string | null
  parentIncidentId?: string | null
  openedAt?: Date | null
}

const FUTURE_SKEW_MS = 60_000

/**
 * Reserves the incident (idempotent on clientKey), starts its workflow pinned to the world in
 * force at openedAt, and waits until the opening is in the projection. Staff only: vendors raise
 * incidents through their webhooks.
 */
export async function declareIncident(
  ctx: GatewayContext,
  input: DeclareIncidentInput
): Promise<IncidentRow> {
  requireOperator(ctx.viewer, 'declareIncident')
  if (!input.clientKey.trim()) throw badInput('clientKey: must not be empty', 'clientKey')
  if (!input.title.trim()) throw badInput('title: must not be empty', 'title')
  const now = ctx.now()
  const openedAt = input.openedAt ?? now
  if (openedAt.getTime() > now.getTime() + FUTURE_SKEW_MS)
    throw badInput('openedAt: must not be in the future', 'openedAt')
  const holder = await partySlugById(ctx, input.holderPartyId, 'holderPartyId')
  const service = input.serviceId
    ? (await ctx.loaders.services()).byId.get(input.serviceId)
    : undefined
  if (input.serviceId && !service)
    throw badInput(`serviceId: no service ${input.serviceId}`, 'serviceId')
  const parent = input.parentIncidentId
    ? await incidentInScope(ctx, input.parentIncidentId).catch(() => null)
    : undefined
  if (input.parentIncidentId && !parent)
    throw badInput(`parentIncidentId: no incident ${input.parentIncidentId}`, 'parentIncidentId')
  const declaredBy = await retainedSlug(ctx)

  const db = ctx.deps.db.db
  const allocated = await allocateIncident(db, {
    clientKey: input.clientKey,
    title: input.title,
    priority: input.priority,
    holder,
    openedAt: openedAt.toISOString(),
    serviceId: service?.id ?? null,
    parentId: parent?.id ?? null,
  })
  const workflowId = incidentWorkflowId(allocated.key)
  if (allocated.created || !(await ctx.loaders.incident.load(allocated.id))?.lastSeq) {
    const world = await loadPinnedWorld(db, openedAt.toISOString())
    const args: IncidentWorkflowInput = {
      incidentId: allocated.id,
      key: allocated.key,
      title: input.title,
      priority: input.priority,
      holder,
      openedAt: openedAt.toISOString(),
      declaredBy,
      world,
      ...(service ? { service: service.slug } : {}),
      ...(parent ? { parentKey: parent.key } : {}),
    }
    try {
      // USE_EXISTING + REJECT_DUPLICATE: a retried declaration joins the running workflow and never starts a second run.
      const deadline = Date.now() + (ctx.deps.commands?.deadlineMs ?? DEFAULT_COMMAND_DEADLINE_MS)
      await ctx.deps.temporal.withDeadline(deadline, () =>
        ctx.deps.temporal.workflow.start(INCIDENT_WORKFLOW_TYPE, {
          workflowId,
          taskQueue: ctx.deps.taskQueue,
          args: [args],
          workflowIdConflictPolicy: 'USE_EXISTING',
          workflowIdReusePolicy: 'REJECT_DUPLICATE',
        })
      )
    } catch (error) {
      if (isGrpcDeadlineError(error))
        throw gqlError(
          'UNAVAILABLE',
          `Temporal did not start incident ${allocated.key} in time; declare it again with the same clientKey`,
          { reason: 'TEMPORAL_UNAVAILABLE', incident: allocated.key }
        )
      if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error
    }
    await updateWithDeadline(ctx, allocated.key, syncUpdate, [{ minSeq: 1 }])
    ctx.loaders.incident.clear(allocated.id)
    ctx.log.info({ incident: allocated.key, holder, priority: input.priority }, 'incident declared')
  }
  const incident = await ctx.loaders.incident.load(allocated.id)
  if (!incident) throw gqlError('INTERNAL', `incident ${allocated.key} vanished after declaration`)
  if (allocated.created && input.description?.trim()) {
    await runCommand(ctx, incident, {
      type: 'comment',
      at: ctx.now().toISOString(),
      actor: await actorLabel(ctx),
      party: declaredBy,
      body: input.description,
    })
  }
  return incident
}
