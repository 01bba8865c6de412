import { eq, sql } from 'drizzle-orm'
import { inboundReceipts, recordIncidentEvent, type Database } from '@baton/db'
import type { IncidentActivities } from '@baton/temporal'

export type ActivityDeps = { db: Database }

/** Activities are idempotent: the ledger key is the workflow id plus the event sequence. */
export function createActivities({ db }: ActivityDeps): IncidentActivities {
  return {
    async recordEvent(input) {
      const entry = await recordIncidentEvent(db, {
        incidentId: input.incidentId,
        seq: input.seq,
        idempotencyKey: `${input.workflowId}#${input.seq}`,
        at: input.at,
        type: input.type,
        actor: input.actor,
        data: input.data,
        projection: input.projection,
        receipt: input.receipt,
      })
      return { hash: entry.hash, duplicate: entry.duplicate }
    },
    async markReceipt({ receipt, status, error }) {
      await db.update(inboundReceipts).set({ status, error: error ?? null, appliedAt: sql`now()` }).where(eq(inboundReceipts.receipt, receipt))
    },
  }
}
