import { and, desc, eq, inArray, isNotNull, lt, or, sql } from 'drizzle-orm'
import type { Database } from '../create-db.ts'
import { inboundReplays } from '../tables/adapters.ts'
import { parties } from '../tables/config.ts'
import { bonds, inboundReceipts, incidents } from '../tables/incidents.ts'

/** Dead letters waiting for an operator: refused by the incident's state machine, or for a workflow that no longer runs. */
export const OPEN_DEAD_LETTER_STATUSES = ['REJECTED', 'DEAD_LETTER'] as const
/** Every status a dead letter can have: open, discarded, or replayed (RECORDED until its workflow applies it, then APPLIED). */
export const DEAD_LETTER_STATUSES = [
  'REJECTED',
  'DEAD_LETTER',
  'DISCARDED',
  'RECORDED',
  'APPLIED',
] as const
export type DeadLetterStatus = (typeof DEAD_LETTER_STATUSES)[number]

const columns = {
  seq: inboundReceipts.id,
  receipt: inboundReceipts.receipt,
  partyId: inboundReceipts.partyId,
  party: parties.slug,
  messageId: inboundReceipts.messageId,
  bondId: inboundReceipts.bondId,
  incidentId: inboundReceipts.incidentId,
  incidentKey: incidents.key,
  type: inboundReceipts.type,
  status: sql<DeadLetterStatus>`${inboundReceipts.status}`,
  error: inboundReceipts.error,
  receivedAt: inboundReceipts.receivedAt,
  replays: sql<number>`coalesce(${inboundReplays.replays}, 0)::int`,
  replayedAt: inboundReplays.updatedAt,
  replayedBy: inboundReplays.replayedBy,
  discardedAt: inboundReceipts.discardedAt,
  discardedBy: inboundReceipts.discardedBy,
  discardReason: inboundReceipts.discardReason,
}

/** One vendor message that is, or was, a dead letter; `seq` orders them (newest first) and pages them. */
export type DeadLetterRow = {
  seq: number
  receipt: string
  partyId: string
  party: string
  messageId: string
  bondId: string | null
  incidentId: string | null
  incidentKey: string | null
  type: string
  status: DeadLetterStatus
  error: string | null
  receivedAt: Date
  replays: number
  replayedAt: Date | null
  replayedBy: string | null
  discardedAt: Date | null
  discardedBy: string | null
  discardReason: string | null
}

export type DeadLetterFilter = {
  partyId?: string | null | undefined
  /** the party's slug (the adapters' admin route names parties by slug) */
  party?: string | null | undefined
  bondId?: string | null | undefined
  /** default: the open ones */
  statuses?: readonly DeadLetterStatus[] | null | undefined
}

/** A receipt that is or was a dead letter: open, discarded, or replayed at least once. */
const everDead = or(
  inArray(inboundReceipts.status, ['REJECTED', 'DEAD_LETTER', 'DISCARDED']),
  isNotNull(inboundReplays.receipt)
)

function selectDeadLetters(db: Database) {
  return db
    .select(columns)
    .from(inboundReceipts)
    .innerJoin(parties, eq(parties.id, inboundReceipts.partyId))
    .leftJoin(incidents, eq(incidents.id, inboundReceipts.incidentId))
    .leftJoin(inboundReplays, eq(inboundReplays.receipt, inboundReceipts.receipt))
}

const filterConditions = (f: DeadLetterFilter) => [
  everDead,
  inArray(inboundReceipts.status, [
    ...(f.statuses?.length ? f.statuses : OPEN_DEAD_LETTER_STATUSES),
  ]),
  f.partyId ? eq(inboundReceipts.partyId, f.partyId) : undefined,
  f.party ? eq(parties.slug, f.party) : undefined,
  f.bondId ? eq(inboundReceipts.bondId, f.bondId) : undefined,
]

/** A page of dead letters, newest first, after the given `seq` (keyset). Callers scope it: a vendor passes its own partyId. */
export async function listDeadLetters(
  db: Database,
  o: DeadLetterFilter & { first: number; afterSeq?: number | null | undefined }
): Promise<{ rows: DeadLetterRow[]; hasNextPage: boolean }> {
  const rows = await selectDeadLetters(db)
    .where(
      and(
        ...filterConditions(o),
        o.afterSeq != null ? lt(inboundReceipts.id, o.afterSeq) : undefined
      )
    )
    .orderBy(desc(inboundReceipts.id))
    .limit(o.first + 1)
  return { rows: rows.slice(0, o.first), hasNextPage: rows.length > o.first }
}

/** The dead letters of these bonds, newest first (one query for a page of bonds). */
export async function deadLettersByBondIds(
  db: Database,
  bondIds: readonly string[],
  statuses?: readonly DeadLetterStatus[] | null
): Promise<DeadLetterRow[]> {
  if (bondIds.length === 0) return []
  return selectDeadLetters(db)
    .where(and(...filterConditions({ statuses }), inArray(inboundReceipts.bondId, [...bondIds])))
    .orderBy(desc(inboundReceipts.id))
}

/** One message by receipt if it is or was a dead letter, else null. */
export async function findDeadLetter(db: Database, receipt: string): Promise<DeadLetterRow | null> {
  const [row] = await selectDeadLetters(db).where(
    and(eq(inboundReceipts.receipt, receipt), everDead)
  )
  return row ?? null
}

/** The party of a bond, to scope a dead-letter query by bond (null when absent or, under RLS, not the vendor's). */
export async function bondParty(
  db: Database,
  bondId: string
): Promise<{ id: string; partyId: string } | null> {
  const [row] = await db
    .select({ id: bonds.id, partyId: bonds.partyId })
    .from(bonds)
    .where(eq(bonds.id, bondId))
  return row ?? null
}

/** The bodies of these messages as their vendors sent them (JSON), by receipt; one query for a page. */
export async function deadLetterPayloads(
  db: Database,
  receipts: readonly string[]
): Promise<Map<string, unknown>> {
  if (receipts.length === 0) return new Map()
  const rows = await db
    .select({ receipt: inboundReceipts.receipt, payload: inboundReceipts.payload })
    .from(inboundReceipts)
    .where(inArray(inboundReceipts.receipt, [...receipts]))
  return new Map(rows.map((r) => [r.receipt, r.payload]))
}
