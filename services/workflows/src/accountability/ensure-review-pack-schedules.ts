import { ScheduleOverlapPolicy, type Client } from '@temporalio/client'
import {
  REVIEW_PACK_CRON,
  REVIEW_PACK_WORKFLOW_TYPE,
  ReviewPackKind,
  reviewPackScheduleId,
  type ReviewPackWorkflowInput,
} from '@baton/temporal'
import { upsertSchedule } from './upsert-schedule.ts'

export type ReviewPackScheduleOptions = {
  idPrefix?: string
  paused?: boolean
  cron?: Partial<Record<ReviewPackKind, string>>
}

/**
 * Creates (or brings up to date) the weekly, monthly and quarterly review-pack Schedules.
 * Idempotent: run it at every worker start. A missed run is caught up once, never twice.
 */
export async function ensureReviewPackSchedules(
  client: Client,
  taskQueue: string,
  o: ReviewPackScheduleOptions = {}
): Promise<string[]> {
  const ids: string[] = []
  for (const kind of ReviewPackKind.options) {
    const scheduleId = reviewPackScheduleId(kind, o.idPrefix)
    const spec = { cronExpressions: [o.cron?.[kind] ?? REVIEW_PACK_CRON[kind]], timezone: 'UTC' }
    const args: [ReviewPackWorkflowInput] = [{ kind }]
    const action = {
      type: 'startWorkflow' as const,
      workflowType: REVIEW_PACK_WORKFLOW_TYPE,
      taskQueue,
      args,
      workflowId: `${scheduleId}`,
    }
    const policies = { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1 day' }
    await upsertSchedule(client, {
      scheduleId,
      spec,
      action,
      policies,
      note: `Baton ${kind} review pack`,
      ...(o.paused === undefined ? {} : { paused: o.paused }),
    })
    ids.push(scheduleId)
  }
  return ids
}
