import { ApplicationFailure } from '@temporalio/activity'
import { createLedgerAnchor, type Database, type SigningKey } from '@baton/db'
import type { LedgerAnchorActivities } from '@baton/temporal'

/** anchorLedger: one signed anchor over every head (none when nothing changed); refuses without a signing key. */
export function createLedgerAnchorActivities({
  db,
  signingKey,
}: {
  db: Database
  signingKey: SigningKey | null
}): LedgerAnchorActivities {
  return {
    async anchorLedger() {
      if (!signingKey)
        throw ApplicationFailure.nonRetryable(
          'the worker has no BATON_SIGNING_KEY: ledger anchors cannot be signed',
          'NoSigningKey'
        )
      const { created, anchor } = await createLedgerAnchor(db, { signingKey })
      return {
        created,
        id: anchor?.id ?? null,
        root: anchor?.root ?? null,
        incidents: anchor?.incidents ?? 0,
      }
    },
  }
}
