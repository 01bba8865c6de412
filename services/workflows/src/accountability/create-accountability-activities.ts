import {
  gatherMonthlyPack,
  gatherQuarterlyPack,
  gatherWeeklyPack,
  reviewPackParties,
  settleIncident,
  storeReviewPack,
  type Database,
} from '@baton/db'
import type { AccountabilityActivities } from '@baton/temporal'

export type AccountabilityActivityDeps = { db: Database }

/** Settlement on close and the review packs' data access; each is idempotent (see @baton/db). */
export function createAccountabilityActivities({
  db,
}: AccountabilityActivityDeps): AccountabilityActivities {
  return {
    settleIncident: (input) => settleIncident(db, input),
    listReviewPackParties: () => reviewPackParties(db),
    async gatherReviewPack(r) {
      const asOf = new Date(r.asOf)
      if (r.kind === 'weekly')
        return {
          kind: 'weekly',
          input: await gatherWeeklyPack(db, { from: r.from, to: r.to }, asOf),
        }
      if (r.kind === 'quarterly')
        return {
          kind: 'quarterly',
          input: await gatherQuarterlyPack(db, { label: r.label, from: r.from, to: r.to }, asOf),
        }
      if (!r.party) throw new Error('a monthly pack is per party')
      return { kind: 'monthly', input: await gatherMonthlyPack(db, r.party, r.label, asOf) }
    },
    async storeReviewPack(pack) {
      const stored = await storeReviewPack(db, pack)
      return { ...stored, key: `${pack.kind}/${pack.party ?? '*'}/${pack.periodLabel}` }
    },
  }
}
