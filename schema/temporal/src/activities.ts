import type { IncidentProjection } from '@baton/domain'

// Activity interfaces: the workflow proxies these by name; services implement them.
export type RecordEventActivityInput = {
  incidentId: string
  workflowId: string
  seq: number
  at: string
  type: string
  actor: string
  data: unknown
  receipt?: string
  projection: IncidentProjection
}
export type IncidentActivities = {
  recordEvent(input: RecordEventActivityInput): Promise<{ hash: string; duplicate: boolean }>
  markReceipt(input: { receipt: string; status: 'APPLIED' | 'REJECTED'; error?: string }): Promise<void>
}
