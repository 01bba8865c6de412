import { proxyActivities } from '@temporalio/workflow'
import type { NotificationActivities, NotificationDeliveryResult } from '@baton/temporal'
import { deliverNotificationsUntilDone } from '../workflows/deliver-until-done.ts'

// Test-only workflow: the delivery loop under a real worker, with a fast retry policy.
const acts = proxyActivities<NotificationActivities>({
  startToCloseTimeout: '30 seconds',
  retry: {
    initialInterval: '100 ms',
    backoffCoefficient: 2,
    maximumInterval: '1 second',
    maximumAttempts: 10,
  },
})

export async function deliverNotificationsTestWorkflow(
  escalationKey: string
): Promise<NotificationDeliveryResult> {
  return deliverNotificationsUntilDone(acts, escalationKey)
}
