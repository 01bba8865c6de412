import { randomUUID } from 'node:crypto'
import {
  WorkflowUpdateRPCTimeoutOrCancelledError,
  WorkflowUpdateStage,
  type Client,
} from '@temporalio/client'
import type { UpdateDefinition } from '@temporalio/common'
import { incidentWorkflowId } from '@baton/temporal'
import type { GatewayContext } from '../context.ts'
import { gqlError } from '../graphql/errors.ts'
import { releaseRequestConnection } from '../auth/vendor-db-scope.ts'
import { mapTemporalError } from './map-temporal-error.ts'

export const DEFAULT_COMMAND_DEADLINE_MS = 10_000
export const DEFAULT_MAX_IN_FLIGHT_PER_INCIDENT = 4

// Commands waiting on each incident, per Temporal client (one per process).
const waiting = new WeakMap<Client, Map<string, number>>()

function admit(ctx: GatewayContext, key: string, max: number): () => void {
  let counts = waiting.get(ctx.deps.temporal)
  if (!counts) waiting.set(ctx.deps.temporal, (counts = new Map()))
  const now = counts.get(key) ?? 0
  if (now >= max) {
    throw gqlError(
      'UNAVAILABLE',
      `incident ${key} is not answering: ${now} commands already wait on it; try again later`,
      { reason: 'INCIDENT_BUSY', incident: key }
    )
  }
  counts.set(key, now + 1)
  let released = false
  return () => {
    if (released) return
    released = true
    const left = (counts.get(key) ?? 1) - 1
    if (left > 0) counts.set(key, left)
    else counts.delete(key)
  }
}

function deadlineExceeded(key: string, ms: number, accepted: boolean, updateId: string) {
  const seconds = `${Math.round(ms / 100) / 10} s`
  return accepted
    ? gqlError(
        'DEADLINE_EXCEEDED',
        `incident ${key} accepted the command but did not confirm it within ${seconds}: it will be applied; read the incident to see it`,
        { reason: 'ACCEPTED_NOT_CONFIRMED', applied: 'WILL_APPLY', incident: key, updateId }
      )
    : gqlError(
        'DEADLINE_EXCEEDED',
        `incident ${key} did not answer within ${seconds}: the command was not accepted, so it has not been applied yet, but it may still be applied if the incident recovers; check its timeline before sending it again`,
        { reason: 'NOT_ACCEPTED', applied: 'UNKNOWN', incident: key, updateId }
      )
}

/**
 * Sends an update to an incident's workflow and waits for its result, at most the command deadline
 * (DEADLINE_EXCEEDED, saying whether the workflow had accepted it), with at most a few commands
 * waiting on one incident (UNAVAILABLE beyond). A VENDOR request's database connection goes back to
 * the pool first: a stuck incident holds no connection while its callers wait.
 */
export async function updateWithDeadline<Ret, Args extends [unknown, ...unknown[]]>(
  ctx: GatewayContext,
  incidentKey: string,
  def: UpdateDefinition<Ret, Args>,
  args: Args
): Promise<Ret> {
  const ms = ctx.deps.commands?.deadlineMs ?? DEFAULT_COMMAND_DEADLINE_MS
  const release = admit(
    ctx,
    incidentKey,
    ctx.deps.commands?.maxInFlightPerIncident ?? DEFAULT_MAX_IN_FLIGHT_PER_INCIDENT
  )
  const updateId = randomUUID()
  let accepted = false
  try {
    await releaseRequestConnection(ctx.deps.db)
    const deadline = Date.now() + ms
    const temporal = ctx.deps.temporal
    const handle = temporal.workflow.getHandle(incidentWorkflowId(incidentKey))
    const update = await temporal.withDeadline(deadline, () =>
      handle.startUpdate(def, { args, waitForStage: WorkflowUpdateStage.ACCEPTED, updateId })
    )
    accepted = true
    return await temporal.withDeadline(deadline, () => update.result())
  } catch (error) {
    if (error instanceof WorkflowUpdateRPCTimeoutOrCancelledError) {
      ctx.log.warn(
        { incident: incidentKey, updateId, accepted, deadlineMs: ms },
        'command deadline exceeded'
      )
      throw deadlineExceeded(incidentKey, ms, accepted, updateId)
    }
    throw mapTemporalError(error)
  } finally {
    release()
  }
}
