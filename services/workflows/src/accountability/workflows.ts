// The accountability workflows, for a worker's workflowsPath (the incident worker re-exports them).
export { reviewPackWorkflow } from './review-pack-workflow.ts'
export { ledgerAnchorWorkflow } from './ledger-anchor-workflow.ts'
