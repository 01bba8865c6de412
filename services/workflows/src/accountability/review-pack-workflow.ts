import { log, patched, proxyActivities, workflowInfo } from '@temporalio/workflow'
import {
  previousPeriod,
  renderMonthlyPack,
  renderQuarterlyPack,
  renderWeeklyPack,
  type ReviewPack,
} from '@baton/domain'
import type {
  AccountabilityActivities,
  ReviewPackData,
  ReviewPackWorkflowInput,
  StoredReviewPack,
} from '@baton/temporal'
import type { NotificationActivityImpl } from '../notifications/create-notification-activities.ts'

const acts = proxyActivities<AccountabilityActivities>({
  startToCloseTimeout: '5 minutes',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute', maximumAttempts: 10 },
})

const notify = proxyActivities<Pick<NotificationActivityImpl, 'deliverReviewPack'>>({
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute', maximumAttempts: 10 },
})
const render = (d: ReviewPackData): ReviewPack =>
  d.kind === 'weekly'
    ? renderWeeklyPack(d.input)
    : d.kind === 'monthly'
      ? renderMonthlyPack(d.input)
      : renderQuarterlyPack(d.input)

/**
 * One review pack run (a Schedule starts it): gather the data of the complete period before
 * `asOf`, render it with the domain's pure renderers, store it, send it to its recipients. Monthly runs make one pack per vendor.
 */
export async function reviewPackWorkflow(
  input: ReviewPackWorkflowInput
): Promise<StoredReviewPack[]> {
  const asOf = input.asOf ?? workflowInfo().startTime.toISOString()
  const period = previousPeriod(input.kind, asOf)
  const parties =
    input.kind === 'monthly' ? (input.parties ?? (await acts.listReviewPackParties())) : [null]
  const stored: StoredReviewPack[] = []
  for (const party of parties) {
    const data = await acts.gatherReviewPack({
      kind: input.kind,
      party,
      label: period.label,
      from: period.from,
      to: period.to,
      asOf,
    })
    const pack = await acts.storeReviewPack(render(data))
    stored.push(pack)
    // Sent once per (pack, recipient) by its dedup key; a send that fails for good leaves the
    // row FAILED (visible in GraphQL) without failing the other packs of the run.
    if (patched('review-pack-notifications')) {
      await notify
        .deliverReviewPack({ packId: pack.id })
        .catch((e: Error) =>
          log.warn('review pack not sent to every recipient', { key: pack.key, error: e.message })
        )
    }
  }
  return stored
}
