import { proxyActivities } from '@temporalio/workflow'
import type { LedgerAnchorActivities, LedgerAnchorResult } from '@baton/temporal'

const acts = proxyActivities<LedgerAnchorActivities>({
  startToCloseTimeout: '5 minutes',
  retry: {
    initialInterval: '5 seconds',
    maximumInterval: '5 minutes',
    maximumAttempts: 10,
    nonRetryableErrorTypes: ['NoSigningKey'],
  },
})

/** One anchor run (the hourly Schedule starts it): sign and store a root over every incident's ledger head. */
export async function ledgerAnchorWorkflow(): Promise<LedgerAnchorResult> {
  return acts.anchorLedger()
}
