import { and, eq, sql } from 'drizzle-orm'
import { notifications, type Database } from '@baton/db'
import type { RowDecision } from './channel-outcome.ts'

type Row = typeof notifications.$inferSelect
export type NotificationOutcome = {
  recipient: string
  state: 'QUEUED' | 'SENT' | 'DELIVERED' | 'FAILED'
  channel: string | null
  attempts: number
  error: string | null
  deferredUntil: string | null
}
export type QueuedDelivery = { deferred: Map<string, Date>; retrying: string[] }

/** Rows in the order the request listed the recipients (one insert gives them one created_at). */
export function inRequestOrder<R extends { createdAt: Date; recipient: string; payload: unknown }>(
  rows: R[]
): R[] {
  const position = (r: R) => {
    const list = (r.payload as { recipients?: unknown }).recipients
    return Array.isArray(list) ? list.indexOf(r.recipient) : -1
  }
  return [...rows].sort(
    (a, b) =>
      a.createdAt.getTime() - b.createdAt.getTime() ||
      position(a) - position(b) ||
      a.recipient.localeCompare(b.recipient)
  )
}

const patchOf = (d: Exclude<RowDecision, { kind: 'deferred' }>) => {
  const base = { attempts: sql`${notifications.attempts} + 1`, channel: d.channel, error: d.error }
  if (d.kind === 'done')
    return {
      ...base,
      state: d.state,
      sentAt: sql`now()`,
      deliveredAt: d.state === 'DELIVERED' ? sql`now()` : null,
    }
  return d.kind === 'failed' ? { ...base, state: 'FAILED' } : base
}

/**
 * Every QUEUED row of one escalationKey, each once: a row is locked while `decide` tries its
 * channels (two runs never send the same row) and its outcome is written back in the same
 * transaction. A row already sent is skipped.
 *
 * `load` runs once, before any row is locked, and its result is passed to `decide`: `decide` runs
 * inside a row's transaction and must not take another connection from the pool (with as many
 * deliveries in flight as the pool has connections, each would wait for a second one for ever).
 */
export async function deliverQueuedRows<C>(
  db: Database,
  escalationKey: string,
  load: () => Promise<C>,
  decide: (row: Row, loaded: C) => Promise<RowDecision>
): Promise<QueuedDelivery> {
  const queued = inRequestOrder(
    await db
      .select({
        id: notifications.id,
        createdAt: notifications.createdAt,
        recipient: notifications.recipient,
        payload: notifications.payload,
      })
      .from(notifications)
      .where(and(eq(notifications.escalationKey, escalationKey), eq(notifications.state, 'QUEUED')))
  )
  const deferred = new Map<string, Date>()
  const retrying: string[] = []
  if (queued.length === 0) return { deferred, retrying }
  const loaded = await load()
  for (const { id } of queued) {
    await db.transaction(async (tx) => {
      const [row] = await tx
        .select()
        .from(notifications)
        .where(and(eq(notifications.id, id), eq(notifications.state, 'QUEUED')))
        .for('update', { skipLocked: true })
      if (!row) return
      const d = await decide(row, loaded)
      if (d.kind === 'deferred') {
        deferred.set(row.id, d.until)
        await tx
          .update(notifications)
          .set({ error: `quiet hours until ${d.until.toISOString()}` })
          .where(eq(notifications.id, row.id))
        return
      }
      // the contact's name only: a recipient's text may carry an incoming-webhook URL, a secret
      if (d.kind === 'retry') retrying.push(`${d.who}: ${d.error}`)
      await tx.update(notifications).set(patchOf(d)).where(eq(notifications.id, row.id))
    })
  }
  return { deferred, retrying }
}

/** The delivery summary of one escalationKey once its queued rows were tried. */
export async function summariseDelivery(
  db: Database,
  escalationKey: string,
  deferred: Map<string, Date>
) {
  const rows = inRequestOrder(
    await db.select().from(notifications).where(eq(notifications.escalationKey, escalationKey))
  )
  const outcomes: NotificationOutcome[] = rows.map((r) => ({
    recipient: r.recipient,
    state: r.state as NotificationOutcome['state'],
    channel: r.channel,
    attempts: r.attempts,
    error: r.error,
    deferredUntil: deferred.get(r.id)?.toISOString() ?? null,
  }))
  const until = [...deferred.values()].sort((a, b) => a.getTime() - b.getTime())[0]
  return {
    sent: rows.filter((r) => r.state === 'SENT' || r.state === 'DELIVERED').length,
    failed: rows.filter((r) => r.state === 'FAILED').length,
    deferred: deferred.size,
    deferredUntil: until?.toISOString() ?? null,
    outcomes,
  }
}
