import { fileURLToPath } from 'node:url'

/** The accountability workflows for a worker's workflowsPath (until the incident worker's bundle re-exports them). */
export const accountabilityWorkflowsPath = fileURLToPath(new URL('./workflows.ts', import.meta.url))
