import { and, eq, inArray, sql } from 'drizzle-orm'
import type { PgInsertValue } from 'drizzle-orm/pg-core'
import type { EscalationRecord, IncidentProjection } from '@baton/domain'
import type { Database } from '../create-db.ts'
import { GENESIS_HASH, hashLedgerEntry } from './canonical-hash.ts'
import {
  bonds,
  desks,
  escalations,
  handoffs,
  inboundReceipts,
  incidents,
  ledgerEntries,
  parties,
  services,
} from '../schema.ts'

export type RecordEventInput = {
  incidentId: string
  seq: number
  idempotencyKey: string
  at: string
  type: string
  actor: string
  data: unknown
  projection?: IncidentProjection
  /** inbound receipt applied by this event, marked APPLIED in the same transaction */
  receipt?: string
  /** an escalation this entry records, written to the escalations table in the same transaction */
  escalation?: EscalationRow
}

/** an escalation as recorded: the domain's EscalationRecord */
export type EscalationRow = EscalationRecord

export type RecordedEntry = { id: number; seq: number; hash: string; duplicate: boolean }

/**
 * Appends one ledger entry and applies the projection in the same transaction. Idempotent on
 * the key: a retried activity finds its entry and changes nothing.
 */
export async function recordIncidentEvent(
  db: Database,
  input: RecordEventInput
): Promise<RecordedEntry> {
  return db.transaction(async (tx) => {
    await lockIncident(tx as unknown as Database, input.incidentId)
    return appendEntry(tx as unknown as Database, input)
  })
}

/**
 * Appends a workflow's batch of ledger entries (in seq order) in one transaction, each idempotent
 * on its key as in recordIncidentEvent. The projection is applied once, the last entry's that
 * carries one: each projection is the incident's whole row as of its entry, so the last one
 * holds what the others would have written (their handoffs and parties included). A fixed
 * number of statements whatever the batch's size (issue 23): the incident's lock, the chain's
 * head with the batch's keys already written, one insert of the new entries, the projection,
 * the escalations, and the receipts marked APPLIED in receipt-id order (the order the relay
 * marks them in too, so the two never deadlock).
 */
export async function recordIncidentEvents(
  db: Database,
  inputs: readonly RecordEventInput[]
): Promise<RecordedEntry[]> {
  if (inputs.length === 0) return []
  const incidentId = inputs[0]!.incidentId
  if (inputs.some((i) => i.incidentId !== incidentId))
    throw new Error('a batch of ledger entries belongs to one incident')
  let last = -1
  inputs.forEach((input, i) => {
    if (input.projection) last = i
  })
  return db.transaction(async (t) => {
    const tx = t as unknown as Database
    // Locked first, read after: a statement that waited for the lock would read the chain's head
    // as it was before the writer it waited for.
    await lockIncident(tx, incidentId)
    const [head] = await tx.execute<{
      seq: number | null
      hash: string | null
      existing: { id: number; seq: number; hash: string; key: string }[]
    }>(sql`
      select l.seq, l.hash, e.existing
      from (select 1) one
      left join lateral (select seq, hash from ${ledgerEntries} where incident_id = ${incidentId} order by seq desc limit 1) l on true
      cross join lateral (select coalesce(json_agg(json_build_object('id', id, 'seq', seq, 'hash', hash, 'key', idempotency_key)), '[]') as existing
        from ${ledgerEntries} where ${inArray(
          ledgerEntries.idempotencyKey,
          inputs.map((i) => i.idempotencyKey)
        )}) e`)
    const written = new Map(head!.existing.map((e) => [e.key, e]))
    let seq = head!.seq === null ? 0 : Number(head!.seq)
    let prevHash = head!.hash ?? GENESIS_HASH
    const out: RecordedEntry[] = []
    const rows: PgInsertValue<typeof ledgerEntries>[] = []
    const fresh: RecordEventInput[] = []
    let projected: { seq: number; projection: IncidentProjection } | null = null
    for (const [i, input] of inputs.entries()) {
      const existing = written.get(input.idempotencyKey)
      if (existing) {
        out.push({
          id: Number(existing.id),
          seq: existing.seq,
          hash: existing.hash,
          duplicate: true,
        })
        continue
      }
      seq += 1
      const content = contentOf(input, seq)
      const hash = hashLedgerEntry(prevHash, content)
      rows.push({ ...content, at: new Date(content.at), prevHash, hash })
      out.push({ id: 0, seq, hash, duplicate: false })
      fresh.push(input)
      prevHash = hash
      if (i === last && input.projection) projected = { seq, projection: input.projection }
    }
    if (rows.length === 0) return out
    const ids = await tx
      .insert(ledgerEntries)
      .values(rows)
      .returning({ id: ledgerEntries.id, seq: ledgerEntries.seq })
    const idOf = new Map(ids.map((r) => [r.seq, r.id]))
    for (const e of out) if (!e.duplicate) e.id = idOf.get(e.seq)!
    if (projected) await applyProjection(tx, incidentId, projected.seq, projected.projection)
    const escalated = fresh.filter((i) => i.escalation)
    if (escalated.length > 0) await tx.insert(escalations).values(escalated.map(escalationRow))
    const receipts = fresh.flatMap((i) => (i.receipt ? [i.receipt] : []))
    if (receipts.length > 0) await markApplied(tx, incidentId, receipts)
    return out
  })
}

/**
 * Marks receipts APPLIED, locking their rows in id order first: the relay marks what it
 * signalled in the same order (signalling/relay-pass.ts), so the two statements cannot deadlock.
 */
async function markApplied(tx: Database, incidentId: string, receipts: string[]): Promise<void> {
  await tx.execute(sql`
    with locked as (
      select id from ${inboundReceipts} where ${inArray(inboundReceipts.receipt, receipts)} order by id for update
    )
    update ${inboundReceipts} r set status = 'APPLIED', applied_at = now(), incident_id = ${incidentId}
    from locked where r.id = locked.id`)
}

const contentOf = (input: RecordEventInput, seq: number) => ({
  incidentId: input.incidentId,
  seq,
  at: new Date(input.at).toISOString(),
  type: input.type,
  actor: input.actor,
  data: input.data ?? {},
  idempotencyKey: input.idempotencyKey,
})

const escalationRow = (input: RecordEventInput): PgInsertValue<typeof escalations> => {
  const e = input.escalation!
  const deskId = e.desk
    ? sql`(select ${desks.id} from ${desks} join ${parties} on ${parties.id} = ${desks.partyId} where ${parties.slug} = ${e.party} and ${desks.slug} = ${e.desk})`
    : null
  return {
    incidentId: input.incidentId,
    at: new Date(e.at),
    reason: e.reason,
    step: e.step,
    partyId: partyId(e.party),
    deskId,
    recipients: e.recipients,
    to: e.to ?? null,
    idempotencyKey: input.idempotencyKey,
  }
}

async function lockIncident(tx: Database, incidentId: string): Promise<void> {
  const [incident] = await tx
    .select({ id: incidents.id })
    .from(incidents)
    .where(eq(incidents.id, incidentId))
    .for('update')
  if (!incident) throw new Error(`incident ${incidentId} does not exist`)
}

/** One entry, in a transaction that holds the incident's row lock. */
async function appendEntry(tx: Database, input: RecordEventInput): Promise<RecordedEntry> {
  const [existing] = await tx
    .select({ id: ledgerEntries.id, seq: ledgerEntries.seq, hash: ledgerEntries.hash })
    .from(ledgerEntries)
    .where(eq(ledgerEntries.idempotencyKey, input.idempotencyKey))
  if (existing) return { ...existing, duplicate: true }
  const [last] = await tx
    .select({ hash: ledgerEntries.hash, seq: ledgerEntries.seq })
    .from(ledgerEntries)
    .where(eq(ledgerEntries.incidentId, input.incidentId))
    .orderBy(sql`${ledgerEntries.seq} desc`)
    .limit(1)
  const seq = (last?.seq ?? 0) + 1
  const prevHash = last?.hash ?? GENESIS_HASH
  const content = contentOf(input, seq)
  const hash = hashLedgerEntry(prevHash, content)
  const [row] = await tx
    .insert(ledgerEntries)
    .values({ ...content, at: new Date(content.at), prevHash, hash })
    .returning({ id: ledgerEntries.id })
  if (input.projection) await applyProjection(tx, input.incidentId, seq, input.projection)
  if (input.escalation) await tx.insert(escalations).values(escalationRow(input))
  if (input.receipt)
    await tx
      .update(inboundReceipts)
      .set({ status: 'APPLIED', appliedAt: sql`now()`, incidentId: input.incidentId })
      .where(eq(inboundReceipts.receipt, input.receipt))
  return { id: row!.id, seq, hash, duplicate: false }
}

const partyId = (slug: string) =>
  sql`(select ${parties.id} from ${parties} where ${parties.slug} = ${slug})`
const ts = (v: string | null | undefined) => (v ? new Date(v) : null)

async function applyProjection(
  tx: Database,
  incidentId: string,
  seq: number,
  p: IncidentProjection
): Promise<void> {
  await tx
    .update(incidents)
    .set({
      title: p.title,
      priority: p.priority,
      status: p.status,
      holderPartyId: partyId(p.holder),
      ...(p.openedAt ? { openedAt: new Date(p.openedAt) } : {}),
      acknowledgedAt: ts(p.acknowledgedAt),
      resolvedAt: ts(p.resolvedAt),
      closedAt: ts(p.closedAt),
      breached: p.breached ?? 0,
      nextDeadline: ts(p.nextDeadline),
      // Declared on a service by slug (the workflow's input): the row names it too, however the
      // incident was allocated (the console's Service column, the serviceId filter).
      ...(p.service
        ? {
            serviceId: sql`coalesce((select ${services.id} from ${services} where ${services.slug} = ${p.service}), ${incidents.serviceId})`,
          }
        : {}),
      lastSeq: seq,
      state: (p.state ?? {}) as object,
      updatedAt: sql`now()`,
    })
    .where(eq(incidents.id, incidentId))
  // Every vendor involved is bonded (what a VENDOR token sees), whether it integrates through
  // webhooks or works in the console's portal; the retained organisation is not.
  if (p.involvedParties?.length)
    await tx.execute(
      sql`insert into ${bonds} (incident_id, party_id) select ${incidentId}, id from ${parties} where ${inArray(parties.slug, p.involvedParties)} and kind <> 'RETAINED' on conflict do nothing`
    )
  // One statement for every hand-off (one row per id: the last one named wins, as it did when each was written in turn).
  const offers = [...new Map((p.handoffs ?? []).map((h) => [h.id, h])).values()]
  if (offers.length > 0)
    await tx
      .insert(handoffs)
      .values(
        offers.map((h) => ({
          id: h.id,
          incidentId,
          fromPartyId: partyId(h.from),
          toPartyId: partyId(h.to),
          offeredAt: new Date(h.offeredAt),
          state: h.state,
          respondedAt: ts(h.respondedAt),
          reason: h.reason ?? null,
        }))
      )
      .onConflictDoUpdate({
        target: handoffs.id,
        set: {
          state: sql`excluded.state`,
          respondedAt: sql`excluded.responded_at`,
          reason: sql`excluded.reason`,
        },
        where: and(eq(handoffs.incidentId, incidentId)),
      })
}
