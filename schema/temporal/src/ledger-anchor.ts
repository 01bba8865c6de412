// The hourly ledger anchor (a Temporal Schedule starts the workflow; the activity signs a root
// over every incident's head with Baton's key and stores it).
export const LEDGER_ANCHOR_WORKFLOW_TYPE = 'ledgerAnchorWorkflow'
export const ledgerAnchorScheduleId = (prefix = 'baton') => `${prefix}/ledger-anchor`
/** Hourly, at minute 7 (UTC). */
export const LEDGER_ANCHOR_CRON = '7 * * * *'
export type LedgerAnchorResult = {
  created: boolean
  id: number | null
  root: string | null
  incidents: number
}
export type LedgerAnchorActivities = { anchorLedger(): Promise<LedgerAnchorResult> }
