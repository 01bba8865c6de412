import { eq, sql } from 'drizzle-orm'
import {
  inboundReceipts,
  notifications,
  recordIncidentEvent,
  recordIncidentEvents,
  type Database,
  type RecordEventInput,
} from '@baton/db'
import type { IncidentActivities, RecordEventActivityInput } from '@baton/temporal'

const entryOf = (input: RecordEventActivityInput): RecordEventInput => ({
  incidentId: input.incidentId,
  seq: input.seq,
  idempotencyKey: `${input.workflowId}#${input.seq}`,
  at: input.at,
  type: input.type,
  actor: input.actor,
  data: input.data,
  ...(input.projection ? { projection: input.projection } : {}),
  ...(input.receipt ? { receipt: input.receipt } : {}),
  ...(input.escalation ? { escalation: input.escalation } : {}),
})

export type ActivityDeps = { db: Database }

/** Activities are idempotent: the ledger key is the workflow id plus the event sequence. */
export function createActivities({ db }: ActivityDeps): IncidentActivities {
  return {
    async recordEvent(input) {
      const entry = await recordIncidentEvent(db, entryOf(input))
      return { hash: entry.hash, duplicate: entry.duplicate }
    },
    async recordEvents({ entries }) {
      const recorded = await recordIncidentEvents(db, entries.map(entryOf))
      return { recorded: recorded.filter((e) => !e.duplicate).length }
    },
    async markReceipt({ receipt, status, error }) {
      await db
        .update(inboundReceipts)
        .set({ status, error: error ?? null, appliedAt: sql`now()` })
        .where(eq(inboundReceipts.receipt, receipt))
    },
    async requestNotification(request) {
      if (request.recipients.length === 0) return { queued: 0 }
      // `to` runs beside `recipients` (the text of each); a request recorded before it has none.
      const rows = request.recipients.map((recipient, i) => ({
        incidentId: request.incidentId,
        dedupKey: `${request.idempotencyKey}#${recipient}`,
        escalationKey: request.idempotencyKey,
        party: request.party,
        desk: request.desk,
        recipient,
        to: request.to?.[i] ?? null,
        payload: request,
      }))
      const inserted = await db
        .insert(notifications)
        .values(rows)
        .onConflictDoNothing({ target: notifications.dedupKey })
        .returning({ id: notifications.id })
      return { queued: inserted.length }
    },
  }
}
