import type { EscalationRecord, IncidentProjection, Recipient } from '@baton/domain'

// Activity interfaces: the workflow proxies these by name; services implement them.
export type { EscalationRecord }
export type RecordEventActivityInput = {
  incidentId: string
  workflowId: string
  seq: number
  at: string
  type: string
  actor: string
  data: unknown
  receipt?: string
  escalation?: EscalationRecord
  /** absent on all but the last entry of a recordEvents batch */
  projection?: IncidentProjection
}
export type IncidentActivities = {
  recordEvent(input: RecordEventActivityInput): Promise<{ hash: string; duplicate: boolean }>
  /**
   * The ledger entries a workflow recorded since its last write, in seq order, in one
   * transaction (one activity for a batch of vendor events); the projection of the last entry
   * that carries one is applied.
   */
  recordEvents(input: { entries: RecordEventActivityInput[] }): Promise<{ recorded: number }>
  markReceipt(input: {
    receipt: string
    status: 'APPLIED' | 'REJECTED'
    error?: string
  }): Promise<void>
  /** Writes the durable notification request of an escalation (one row per recipient, deduplicated). */
  requestNotification(request: NotificationRequest): Promise<{ queued: number }>
}

/** Outbound message types (docs/interfaces.md, "Vendor webhooks"). */
export type OutboundType =
  | 'incident.assigned'
  | 'handoff.offered'
  | 'handoff.withdrawn'
  | 'incident.updated'
  | 'escalation.triggered'
  | 'incident.resolved'
  | 'incident.closed'

/**
 * One message to one vendor, run on the delivery task queue the adapters host. Idempotent on
 * idempotencyKey (workflow id + event seq + party); retried with backoff for up to 24 h.
 */
export type DeliveryRequest = {
  idempotencyKey: string
  incidentId: string
  incidentKey: string
  party: string
  type: OutboundType
  occurredAt: string
  payload: Record<string, unknown>
}
export type DeliveryResult = {
  status: 'DELIVERED' | 'SKIPPED' | 'DISABLED' | 'PAUSED'
  attempts: number
  httpStatus?: number
}

/** A notification of an escalation to people; the notification channels deliver it. */
export type NotificationRequest = {
  idempotencyKey: string
  incidentId: string
  incidentKey: string
  priority: string
  title: string
  holder: string
  step: number | null
  reason: string
  party: string
  desk: string | null
  /** each recipient as its text (formatRecipient): the row's `recipient` and its dedup key */
  recipients: string[]
  /**
   * the same recipients, structured, in the same order. Absent in requests recorded before
   * structured recipients (histories still replay them): those rows are found by their text.
   */
  to?: Recipient[] | undefined
  clock?: { id: string; metric: string; deadline: string | null; timeZone: string } | undefined
  at: string
}

export type DeliveryActivities = {
  deliverToVendor(request: DeliveryRequest): Promise<DeliveryResult>
}

/** Delivers the queued notification rows of one escalation through each contact's channels. */
export type NotificationDeliveryResult = {
  sent: number
  failed: number
  deferred: number
  deferredUntil: string | null
}
export type NotificationActivities = {
  deliverNotifications(input: { escalationKey: string }): Promise<NotificationDeliveryResult>
}
