import { and, asc, eq, notExists, sql } from 'drizzle-orm'
import type { Database } from '../create-db.ts'
import { GENESIS_HASH, hashLedgerEntry } from './canonical-hash.ts'
import { ledgerEntries, ledgerHeads } from '../schema.ts'

export type LedgerRow = typeof ledgerEntries.$inferSelect
export type LedgerProblem = { incidentId: string; seq: number; message: string }
export type LedgerVerification = {
  ok: boolean
  entriesChecked: number
  /** the first entry that does not verify, when it exists (a missing tail names its first missing seq in `problem` only) */
  firstBrokenEntry: LedgerRow | null
  /** what is wrong and at which entry; null when ok */
  problem: LedgerProblem | null
  /** entries imported redacted from a party export: their links are checked, their content cannot be */
  redactedEntries: number
}

/**
 * Recomputes the chain of one incident (or every incident) and compares each chain's end with
 * the head the ledger recorded at every append (ledger_heads), so an edited entry, a rewritten
 * chain and a removed tail are all caught; reports the first problem, naming its entry.
 */
export async function verifyLedger(db: Database, incidentId?: string): Promise<LedgerVerification> {
  // One statement each, so each sees one snapshot: an append commits its entry and head together.
  const joined = await db
    .select({ entry: ledgerEntries, head: ledgerHeads })
    .from(ledgerEntries)
    .leftJoin(ledgerHeads, eq(ledgerHeads.incidentId, ledgerEntries.incidentId))
    .where(incidentId ? eq(ledgerEntries.incidentId, incidentId) : undefined)
    .orderBy(asc(ledgerEntries.incidentId), asc(ledgerEntries.seq))
  const orphans = await db
    .select()
    .from(ledgerHeads)
    .where(
      and(
        incidentId ? eq(ledgerHeads.incidentId, incidentId) : undefined,
        notExists(
          db
            .select({ one: sql`1` })
            .from(ledgerEntries)
            .where(eq(ledgerEntries.incidentId, ledgerHeads.incidentId))
        )
      )
    )
  const rows = joined.map((r) => r.entry)
  const headOf = new Map(
    joined.flatMap((r) => (r.head ? [[r.head.incidentId, r.head] as const] : []))
  )
  let checked = 0
  let redacted = 0
  const broken = (row: LedgerRow | null, problem: LedgerProblem): LedgerVerification => ({
    ok: false,
    entriesChecked: checked,
    firstBrokenEntry: row,
    problem,
    redactedEntries: redacted,
  })
  const endOf = (last: LedgerRow): LedgerVerification | null => {
    const head = headOf.get(last.incidentId)
    headOf.delete(last.incidentId)
    if (!head)
      return broken(last, {
        incidentId: last.incidentId,
        seq: last.seq,
        message: 'the incident has entries but no recorded head',
      })
    if (last.seq < head.seq)
      return broken(null, {
        incidentId: last.incidentId,
        seq: last.seq + 1,
        message: `entries ${last.seq + 1}..${head.seq} missing: the chain ends at seq ${last.seq}, the recorded head is seq ${head.seq}`,
      })
    if (last.seq > head.seq)
      return broken(null, {
        incidentId: last.incidentId,
        seq: head.seq + 1,
        message: `entries ${head.seq + 1}..${last.seq} lie beyond the recorded head (seq ${head.seq}): written behind the ledger's trigger`,
      })
    if (last.hash !== head.hash)
      return broken(last, {
        incidentId: last.incidentId,
        seq: last.seq,
        message: `entry seq ${last.seq} has hash ${last.hash.slice(0, 12)}…, the recorded head ${head.hash.slice(0, 12)}…: the chain was rewritten at or before seq ${last.seq}`,
      })
    return null
  }
  let prev = GENESIS_HASH
  let previousRow: LedgerRow | null = null
  for (const row of rows) {
    if (row.incidentId !== previousRow?.incidentId) {
      if (previousRow) {
        const end = endOf(previousRow)
        if (end) return end
      }
      prev = GENESIS_HASH
    }
    const expected = row.redacted
      ? row.hash
      : hashLedgerEntry(prev, {
          incidentId: row.incidentId,
          seq: row.seq,
          at: row.at.toISOString(),
          type: row.type,
          actor: row.actor,
          data: row.data,
          idempotencyKey: row.idempotencyKey,
        })
    checked += 1
    if (row.redacted) redacted += 1
    const expectedSeq = previousRow?.incidentId === row.incidentId ? previousRow.seq + 1 : 1
    if (row.seq !== expectedSeq)
      return broken(row, {
        incidentId: row.incidentId,
        seq: expectedSeq,
        message:
          row.seq > expectedSeq
            ? `entries ${expectedSeq}..${row.seq - 1} missing before seq ${row.seq}`
            : `seq ${row.seq} out of order`,
      })
    if (row.prevHash !== prev)
      return broken(row, {
        incidentId: row.incidentId,
        seq: row.seq,
        message: `entry seq ${row.seq}'s prevHash does not match the previous entry`,
      })
    if (row.hash !== expected)
      return broken(row, {
        incidentId: row.incidentId,
        seq: row.seq,
        message: `entry seq ${row.seq}'s hash does not match its content`,
      })
    prev = row.hash
    previousRow = row
  }
  if (previousRow) {
    const end = endOf(previousRow)
    if (end) return end
  }
  const [orphan] = orphans
  if (orphan)
    return broken(null, {
      incidentId: orphan.incidentId,
      seq: 1,
      message: `entries 1..${orphan.seq} missing: the incident has a recorded head but no entries`,
    })
  return {
    ok: true,
    entriesChecked: checked,
    firstBrokenEntry: null,
    problem: null,
    redactedEntries: redacted,
  }
}
