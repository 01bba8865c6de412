import { asc, eq } from 'drizzle-orm'
import type { Database } from './create-db.ts'
import { GENESIS_HASH, hashLedgerEntry } from './canonical-hash.ts'
import { ledgerEntries } from './schema.ts'

export type LedgerRow = typeof ledgerEntries.$inferSelect
export type LedgerVerification = {
  ok: boolean; entriesChecked: number; firstBrokenEntry: LedgerRow | null
  /** entries imported redacted from a party export: their links are checked, their content cannot be */
  redactedEntries: number
}

/** Recomputes the chain of one incident (or every incident) and reports the first broken link. */
export async function verifyLedger(db: Database, incidentId?: string): Promise<LedgerVerification> {
  const rows = await db.select().from(ledgerEntries)
    .where(incidentId ? eq(ledgerEntries.incidentId, incidentId) : undefined)
    .orderBy(asc(ledgerEntries.incidentId), asc(ledgerEntries.seq))
  let checked = 0
  let redacted = 0
  let prev = GENESIS_HASH
  let current = ''
  for (const row of rows) {
    if (row.incidentId !== current) { current = row.incidentId; prev = GENESIS_HASH }
    const expected = row.redacted ? row.hash : hashLedgerEntry(prev, { incidentId: row.incidentId, seq: row.seq, at: row.at.toISOString(), type: row.type, actor: row.actor, data: row.data, idempotencyKey: row.idempotencyKey })
    checked += 1
    if (row.redacted) redacted += 1
    if (row.prevHash !== prev || row.hash !== expected) return { ok: false, entriesChecked: checked, firstBrokenEntry: row, redactedEntries: redacted }
    prev = row.hash
  }
  return { ok: true, entriesChecked: checked, firstBrokenEntry: null, redactedEntries: redacted }
}
