import type { Priority } from '../events/incident-event.ts'

export type IncidentStatus = 'OPEN' | 'ACKNOWLEDGED' | 'WAITING' | 'RESOLVED' | 'CLOSED'
export type HandoffState = 'OFFERED' | 'ACCEPTED' | 'REJECTED' | 'EXPIRED' | 'WITHDRAWN'

/** Who held the baton, from when to when, and whether they were working or waiting on someone. */
export type CustodySegment = {
  party: string
  desk?: string
  from: string
  to?: string
  state: 'working' | 'waiting'
  waitingOn?: string
  reason?: string
}

export type Handoff = {
  id: string
  from: string
  to: string
  toDesk?: string
  /** EXPIRED is still open: the receiver may accept or reject until the offer is withdrawn. */
  state: HandoffState
  offeredAt: string
  expiredAt?: string
  respondedAt?: string
  reason: string
  reasonCode?: string
  context?: string
  /** the receiver's reason when rejecting */
  responseReason?: string
}

/** One ask to act: declaration, assignment, or one offer. Feeds the party's RESPONSE clock. */
export type ResponseCycle = {
  party: string
  cycle: number
  startedAt: string
  handoffId?: string
  endedAt?: string
  outcome?: 'acknowledged' | 'accepted' | 'rejected' | 'acted' | 'withdrawn' | 'resolved'
}

/** A vendor's priority change the authority table turned into a request for the retained team. */
export type PriorityRequest = {
  id: string
  party: string
  priority: Priority
  from: Priority
  requestedAt: string
  reason?: string
  state: 'PENDING' | 'ACCEPTED' | 'DECLINED'
  answeredAt?: string
  answeredBy?: string
  answer?: string
}

export type IncidentState = {
  opened: boolean
  title: string
  priority: Priority
  serviceId?: string
  parentKey?: string
  status: IncidentStatus
  openedAt: string
  holder: string
  desk?: string
  acknowledgedAt?: string
  resolvedAt?: string
  closedAt?: string
  waiting?: { on: string; reason: string; since: string }
  segments: CustodySegment[]
  handoffs: Handoff[]
  responseCycles: ResponseCycle[]
  /** the spans the incident was unresolved: open to resolve, reopen to resolve */
  activeSpans: { from: string; to?: string }[]
  priorityRequests: PriorityRequest[]
  lastEventAt: string
}

export const emptyIncidentState = (): IncidentState => ({
  opened: false,
  title: '',
  priority: 'P4',
  status: 'OPEN',
  openedAt: '',
  holder: '',
  segments: [],
  handoffs: [],
  responseCycles: [],
  activeSpans: [],
  priorityRequests: [],
  lastEventAt: '',
})

export const openHandoff = (s: IncidentState): Handoff | undefined =>
  s.handoffs.find((h) => h.state === 'OFFERED' || h.state === 'EXPIRED')
