/** The queryable view of an incident that the workflow writes after each event (party slugs). */
export type HandoffView = {
  id: string
  from: string
  to: string
  state: string
  offeredAt: string
  respondedAt?: string | null
  reason?: string | null
}
export type IncidentProjection = {
  title: string
  priority: string
  status: string
  holder: string
  /** the opening's time (moves only when staff correct it: correctEventTime) */
  openedAt?: string
  acknowledgedAt?: string | null
  resolvedAt?: string | null
  closedAt?: string | null
  breached?: number
  nextDeadline?: string | null
  /** the service's slug, when the incident was declared on one (the row's service) */
  service?: string | null
  handoffs?: HandoffView[]
  /** parties (slugs) the incident involves: each gets a bond (its e-bond with that vendor) */
  involvedParties?: string[]
  state?: unknown
}
