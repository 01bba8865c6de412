import { and, eq, sql } from 'drizzle-orm'
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
    return appendEntry(tx as unknown as Database, input, true)
  })
}

/**
 * Appends a workflow's batch of ledger entries (in seq order) in one transaction, each idempotent
 * on its key as in recordIncidentEvent. The projection is applied once, the last entry's that
 * carries one: each projection is the incident's whole row as of its entry, so the last one
 * holds what the others would have written (their handoffs and parties included).
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
  return db.transaction(async (tx) => {
    await lockIncident(tx as unknown as Database, incidentId)
    const out: RecordedEntry[] = []
    for (const [i, input] of inputs.entries())
      out.push(await appendEntry(tx as unknown as Database, input, i === last))
    return out
  })
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
async function appendEntry(
  tx: Database,
  input: RecordEventInput,
  withProjection: boolean
): Promise<RecordedEntry> {
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
  const content = {
    incidentId: input.incidentId,
    seq,
    at: new Date(input.at).toISOString(),
    type: input.type,
    actor: input.actor,
    data: input.data ?? {},
    idempotencyKey: input.idempotencyKey,
  }
  const hash = hashLedgerEntry(prevHash, content)
  const [row] = await tx
    .insert(ledgerEntries)
    .values({ ...content, at: new Date(content.at), prevHash, hash })
    .returning({ id: ledgerEntries.id })
  if (input.projection && withProjection)
    await applyProjection(tx, input.incidentId, seq, input.projection)
  if (input.escalation) {
    const e = input.escalation
    const deskId = e.desk
      ? sql`(select ${desks.id} from ${desks} join ${parties} on ${parties.id} = ${desks.partyId} where ${parties.slug} = ${e.party} and ${desks.slug} = ${e.desk})`
      : null
    await tx.insert(escalations).values({
      incidentId: input.incidentId,
      at: new Date(e.at),
      reason: e.reason,
      step: e.step,
      partyId: partyId(e.party),
      deskId,
      recipients: e.recipients,
      to: e.to ?? null,
      idempotencyKey: input.idempotencyKey,
    })
  }
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
  for (const party of p.involvedParties ?? []) {
    // Only vendors (parties with an integration) are bonded; the retained organisation is not.
    await tx.execute(
      sql`insert into ${bonds} (incident_id, party_id) select ${incidentId}, id from ${parties} where slug = ${party} and integration is not null on conflict do nothing`
    )
  }
  for (const h of p.handoffs ?? []) {
    const values = { state: h.state, respondedAt: ts(h.respondedAt), reason: h.reason ?? null }
    await tx
      .insert(handoffs)
      .values({
        id: h.id,
        incidentId,
        fromPartyId: partyId(h.from),
        toPartyId: partyId(h.to),
        offeredAt: new Date(h.offeredAt),
        ...values,
      })
      .onConflictDoUpdate({
        target: handoffs.id,
        set: values,
        where: and(eq(handoffs.incidentId, incidentId)),
      })
  }
}
