import { WorkflowUpdateFailedError } from '@temporalio/client'
import { ApplicationFailure, WorkflowNotFoundError } from '@temporalio/common'
import { COMMAND_ERROR_TYPES } from '@baton/temporal'
import { badInput, conflict, gqlError } from '../graphql/errors.ts'

/** Refusals from the workflow's update validators become CONFLICT / BAD_USER_INPUT; anything else stays a fault (masked INTERNAL). */
export function mapTemporalError(error: unknown): unknown {
  if (error instanceof WorkflowUpdateFailedError && error.cause instanceof ApplicationFailure) {
    const failure = error.cause
    const detail = failure.details?.[0] as { code?: string } | undefined
    const reason = typeof detail?.code === 'string' ? detail.code : undefined
    if (failure.type === COMMAND_ERROR_TYPES.badInput || reason === 'BAD_INPUT')
      return badInput(failure.message)
    if (failure.type === COMMAND_ERROR_TYPES.conflict) return conflict(failure.message, reason)
    if (failure.type === COMMAND_ERROR_TYPES.forbidden)
      return gqlError('FORBIDDEN', failure.message, { reason: 'NOT_PERMITTED' })
  }
  if (error instanceof WorkflowNotFoundError)
    return conflict('the incident is no longer live (its workflow has ended)', 'NOT_LIVE')
  return error
}
