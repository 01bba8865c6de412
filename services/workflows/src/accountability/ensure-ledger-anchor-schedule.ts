import { ScheduleOverlapPolicy, type Client } from '@temporalio/client'
import {
  LEDGER_ANCHOR_CRON,
  LEDGER_ANCHOR_WORKFLOW_TYPE,
  ledgerAnchorScheduleId,
} from '@baton/temporal'
import { upsertSchedule } from './upsert-schedule.ts'

/** Creates (or brings up to date) the hourly ledger-anchor Schedule. Idempotent: every worker start runs it. */
export async function ensureLedgerAnchorSchedule(
  client: Client,
  taskQueue: string,
  o: { idPrefix?: string; cron?: string; paused?: boolean } = {}
): Promise<string> {
  const scheduleId = ledgerAnchorScheduleId(o.idPrefix)
  await upsertSchedule(client, {
    scheduleId,
    note: 'Baton ledger anchor',
    ...(o.paused === undefined ? {} : { paused: o.paused }),
    spec: { cronExpressions: [o.cron ?? LEDGER_ANCHOR_CRON], timezone: 'UTC' },
    action: {
      type: 'startWorkflow',
      workflowType: LEDGER_ANCHOR_WORKFLOW_TYPE,
      taskQueue,
      args: [],
      workflowId: scheduleId,
    },
    policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1 hour' },
  })
  return scheduleId
}
