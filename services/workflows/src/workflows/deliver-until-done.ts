import { sleep } from '@temporalio/workflow'
import type { NotificationActivities, NotificationDeliveryResult } from '@baton/temporal'

/**
 * Workflow-side loop (sandbox-safe): deliver an escalation's notifications, and while some wait
 * out a contact's quiet hours, sleep until they end and deliver again. The activity proxy owns
 * the retry policy for transient failures.
 */
export async function deliverNotificationsUntilDone(
  activities: NotificationActivities,
  escalationKey: string,
  maxRounds = 8
): Promise<NotificationDeliveryResult> {
  for (let round = 1; ; round++) {
    const result = await activities.deliverNotifications({ escalationKey })
    if (!result.deferredUntil || round >= maxRounds) return result
    const waitMs = Date.parse(result.deferredUntil) - Date.now()
    if (waitMs > 0) await sleep(waitMs)
  }
}
