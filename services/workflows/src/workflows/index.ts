export { incidentWorkflow } from './incident-workflow.ts'
export { reviewPackWorkflow } from '../accountability/review-pack-workflow.ts'
export { ledgerAnchorWorkflow } from '../accountability/ledger-anchor-workflow.ts'
