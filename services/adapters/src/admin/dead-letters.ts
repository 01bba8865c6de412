import { and, desc, eq, inArray, sql } from 'drizzle-orm'
import type { Client } from '@temporalio/client'
import type { IncidentEvent } from '@baton/domain'
import { inboundReceipts, incidents, parties, type Database } from '@baton/db'
import { ServiceError } from '../app/service-error.ts'
import { signalMessageId } from '../webhooks/record-inbound.ts'
import { signalReceipt } from '../webhooks/signal-incident.ts'

export const DEAD_STATUSES = ['REJECTED', 'DEAD_LETTER'] as const

/** The dead letters of one party (or all), newest first, grouped by bond in the answer. */
export async function listDeadLetters(db: Database, o: { party?: string | undefined; limit: number }) {
  const rows = await db.select({ receipt: inboundReceipts.receipt, party: parties.slug, messageId: inboundReceipts.messageId, bondId: inboundReceipts.bondId, incidentKey: incidents.key, type: inboundReceipts.type, status: inboundReceipts.status, error: inboundReceipts.error, receivedAt: inboundReceipts.receivedAt })
    .from(inboundReceipts).innerJoin(parties, eq(parties.id, inboundReceipts.partyId)).leftJoin(incidents, eq(incidents.id, inboundReceipts.incidentId))
    .where(and(inArray(inboundReceipts.status, [...DEAD_STATUSES]), o.party ? eq(parties.slug, o.party) : undefined))
    .orderBy(desc(inboundReceipts.id)).limit(o.limit)
  return rows
}

async function deadLetter(db: Database, receipt: string) {
  const [row] = await db.select({ receipt: inboundReceipts.receipt, status: inboundReceipts.status, messageId: inboundReceipts.messageId, event: inboundReceipts.event, key: incidents.key, slug: parties.slug })
    .from(inboundReceipts).innerJoin(parties, eq(parties.id, inboundReceipts.partyId)).innerJoin(incidents, eq(incidents.id, inboundReceipts.incidentId))
    .where(eq(inboundReceipts.receipt, receipt))
  if (!row || !(DEAD_STATUSES as readonly string[]).includes(row.status)) throw new ServiceError('NOT_FOUND', `no dead letter ${receipt}`)
  return row
}

/** Replays a dead letter under a fresh signal id (the workflow has seen the old one). */
export async function replayDeadLetter(ctx: { db: Database; temporal: Client; signalTimeoutMs: number }, receipt: string) {
  const row = await deadLetter(ctx.db, receipt)
  const [bumped] = await ctx.db.execute<{ replays: number }>(sql`insert into inbound_replays (receipt, replays) values (${receipt}, 1)
    on conflict (receipt) do update set replays = inbound_replays.replays + 1, updated_at = now() returning replays`)
  await ctx.db.update(inboundReceipts).set({ status: 'RECORDED', error: null, signalledAt: sql`now()` }).where(eq(inboundReceipts.receipt, receipt))
  const outcome = await signalReceipt({ db: ctx.db, temporal: ctx.temporal, timeoutMs: ctx.signalTimeoutMs }, { receipt, incidentKey: row.key, messageId: signalMessageId(row.slug, row.messageId, bumped!.replays), event: row.event as IncidentEvent })
  return { receipt, replays: bumped!.replays, outcome }
}

export async function discardDeadLetter(db: Database, receipt: string) {
  await deadLetter(db, receipt)
  await db.update(inboundReceipts).set({ status: 'DISCARDED' }).where(eq(inboundReceipts.receipt, receipt))
  return { receipt, status: 'DISCARDED' }
}
