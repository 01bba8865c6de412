import { z } from 'zod'
import type {
  IncidentEvent,
  MonthlyPackInput,
  QuarterlyPackInput,
  ReviewPack,
  WeeklyPackInput,
} from '@baton/domain'
import type { PinnedWorld } from './incident-input.ts'

// Accountability contract: settlement on close (called by the incident workflow) and the
// review-pack workflow its Temporal Schedules start.

export type SettleIncidentActivityInput = {
  incidentId: string
  incidentKey: string
  workflowId: string
  closedAt: string
  /** every event of the incident, in order, and the world it was pinned to */
  events: IncidentEvent[]
  world: PinnedWorld
}
export type SettleIncidentActivityResult = {
  /** false when the incident was already settled (a retry): nothing was written */
  settled: boolean
  breaches: number
  credits: Array<{ party: string; agreement: string; total: number; currency: string }>
  ledgerHash: string
}

export const ReviewPackKind = z.enum(['weekly', 'monthly', 'quarterly'])
export type ReviewPackKind = z.infer<typeof ReviewPackKind>
export type ReviewPackRequest = {
  kind: ReviewPackKind
  party: string | null
  label: string
  from: string
  to: string
  asOf: string
}
export type ReviewPackData =
  | { kind: 'weekly'; input: WeeklyPackInput }
  | { kind: 'monthly'; input: MonthlyPackInput }
  | { kind: 'quarterly'; input: QuarterlyPackInput }
export type StoredReviewPack = { id: string; key: string; created: boolean }

export type AccountabilityActivities = {
  settleIncident(input: SettleIncidentActivityInput): Promise<SettleIncidentActivityResult>
  listReviewPackParties(): Promise<string[]>
  gatherReviewPack(request: ReviewPackRequest): Promise<ReviewPackData>
  storeReviewPack(pack: ReviewPack): Promise<StoredReviewPack>
}

export const ReviewPackWorkflowInput = z.object({
  kind: ReviewPackKind,
  /** the instant the pack is made as of; the period is the complete one before it (default: the workflow's start) */
  asOf: z.iso.datetime({ offset: true }).optional(),
  /** monthly packs: these vendors only (default: every vendor) */
  parties: z.array(z.string()).optional(),
})
export type ReviewPackWorkflowInput = z.infer<typeof ReviewPackWorkflowInput>

export const REVIEW_PACK_WORKFLOW_TYPE = 'reviewPackWorkflow'
export const reviewPackScheduleId = (kind: ReviewPackKind, prefix = 'baton') =>
  `${prefix}/review-pack/${kind}`
/** When the schedules fire (UTC): each reports on the complete period before. */
export const REVIEW_PACK_CRON: Record<ReviewPackKind, string> = {
  weekly: '0 6 * * 1',
  monthly: '0 6 1 * *',
  quarterly: '0 7 1 1,4,7,10 *',
}
