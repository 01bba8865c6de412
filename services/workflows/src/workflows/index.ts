export { incidentWorkflow } from './incident-workflow.ts'
