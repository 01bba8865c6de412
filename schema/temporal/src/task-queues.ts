/** Task queues; tests suffix them (`${TASK_QUEUES.incidents}-${unique}`) for isolation. */
export const TASK_QUEUES = {
  incidents: 'baton-incidents',
  delivery: 'baton-delivery',
} as const

export const incidentWorkflowId = (incidentKey: string) => `incident/${incidentKey}`
export const INCIDENT_WORKFLOW_TYPE = 'incidentWorkflow'
