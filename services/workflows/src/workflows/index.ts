export { incidentWorkflow } from './incident-workflow.ts'
export { reviewPackWorkflow } from '../accountability/review-pack-workflow.ts'
