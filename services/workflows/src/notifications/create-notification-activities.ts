import { and, eq, sql } from 'drizzle-orm'
import { Context } from '@temporalio/activity'
import { ApplicationFailure } from '@temporalio/common'
import { notifications, type Database } from '@baton/db'
import type { NotificationActivities, NotificationDeliveryResult } from '@baton/temporal'

// compile-time proof that the implementation satisfies the contract the workflow proxies
const _contract = (a: NotificationActivityImpl): NotificationActivities => a
void _contract
import { deliverRow, type RowDecision } from './deliver-row.ts'
import { loadRecipientDirectory, parseRecipient, type RecipientDirectory } from './recipient-directory.ts'
import { createEmailSender, type SmtpConfig } from './send-email.ts'

export type NotificationDeps = {
  db: Database
  smtp: SmtpConfig
  /** base URL of the gateway, e.g. http://127.0.0.1:4000; messages link to <consoleUrl>/graphql?incident=<key> */
  consoleUrl: string
  /** resolves a contact webhook's secret reference ('env:NAME', 'file:path') to its whsec_ secret */
  webhookSecretResolver?: (ref: string) => string | Promise<string>
  fetch?: typeof fetch
  /** the clock quiet hours are judged by; tests pin it (signatures always use the real clock) */
  now?: () => Date
  /** per channel request; default 10 s */
  timeoutMs?: number
  /** from this activity attempt on, a transient failure moves on to the contact's next channel; default 3 */
  fallbackAfterAttempts?: number
}

export type NotificationOutcome = { recipient: string; state: 'QUEUED' | 'SENT' | 'DELIVERED' | 'FAILED'; channel: string | null; attempts: number; error: string | null; deferredUntil: string | null }
/** The contract's result plus one line per recipient, for the workflow to record in the ledger. */
export type NotificationDeliveryReport = NotificationDeliveryResult & { outcomes: NotificationOutcome[] }
/** Only activity functions here: the worker registers every property as an activity. */
export type NotificationActivityImpl = { deliverNotifications(input: { escalationKey: string }): Promise<NotificationDeliveryReport> }

const activityAttempt = (): number => {
  try { return Context.current().info.attempt } catch { return 1 }
}

/** Rows in the order the ladder listed the recipients (one insert gives them one created_at). */
function inRequestOrder<R extends { createdAt: Date; recipient: string; payload: unknown }>(rows: R[]): R[] {
  const position = (r: R) => { const list = (r.payload as { recipients?: unknown }).recipients; return Array.isArray(list) ? list.indexOf(r.recipient) : -1 }
  return [...rows].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || position(a) - position(b) || a.recipient.localeCompare(b.recipient))
}

const patchOf = (d: Exclude<RowDecision, { kind: 'deferred' }>) => {
  const base = { attempts: sql`${notifications.attempts} + 1`, channel: d.channel, error: d.error }
  if (d.kind === 'done') return { ...base, state: d.state, sentAt: sql`now()`, deliveredAt: d.state === 'DELIVERED' ? sql`now()` : null }
  return d.kind === 'failed' ? { ...base, state: 'FAILED' } : base
}

/**
 * deliverNotifications: every QUEUED row of one escalation, each once. A row is locked while its
 * channel is tried (two runs never send the same row), and moves QUEUED -> DELIVERED (a webhook,
 * Slack or Teams endpoint answered 2xx) or SENT (an SMTP server accepted it), or FAILED when
 * every channel failed for good. A row already sent is skipped; a row in its contact's quiet
 * hours (below P1) stays QUEUED and deferredUntil says when to call again. Transient failures
 * are recorded on the row and then thrown, so Temporal retries with backoff.
 */
export function createNotificationActivities(deps: NotificationDeps): NotificationActivityImpl {
  const email = createEmailSender(deps.smtp)
  const now = deps.now ?? (() => new Date())
  const ctxBase = { email, fetch: deps.fetch ?? globalThis.fetch, timeoutMs: deps.timeoutMs ?? 10_000, resolveSecret: deps.webhookSecretResolver, nowSeconds: () => Math.floor(Date.now() / 1000) }
  return {
    async deliverNotifications({ escalationKey }) {
      const { db } = deps
      const byKey = eq(notifications.escalationKey, escalationKey)
      const queued = inRequestOrder(await db.select({ id: notifications.id, createdAt: notifications.createdAt, recipient: notifications.recipient, payload: notifications.payload }).from(notifications).where(and(byKey, eq(notifications.state, 'QUEUED'))))
      let directory: RecipientDirectory | null = null
      const deferred = new Map<string, Date>()
      const retrying: string[] = []
      const at = now()
      for (const { id } of queued) {
        directory ??= await loadRecipientDirectory(db)
        const dir = directory
        await db.transaction(async (tx) => {
          const [row] = await tx.select().from(notifications).where(and(eq(notifications.id, id), eq(notifications.state, 'QUEUED'))).for('update', { skipLocked: true })
          if (!row) return
          const d = await deliverRow(row, { ...ctxBase, directory: dir, consoleUrl: deps.consoleUrl, now: at, attempt: activityAttempt(), fallbackAfterAttempts: deps.fallbackAfterAttempts ?? 3 })
          if (d.kind === 'deferred') {
            deferred.set(row.id, d.until)
            await tx.update(notifications).set({ error: `quiet hours until ${d.until.toISOString()}` }).where(eq(notifications.id, row.id))
            return
          }
          // the name only: a recipient may carry an incoming-webhook URL, which is a secret
          if (d.kind === 'retry') retrying.push(`${parseRecipient(row.recipient).name}: ${d.error}`)
          await tx.update(notifications).set(patchOf(d)).where(eq(notifications.id, row.id))
        })
      }
      if (retrying.length > 0) throw ApplicationFailure.retryable(`${retrying.length} notification(s) of ${escalationKey} failed for now: ${retrying.join(' | ')}`, 'NotificationRetry')
      const rows = inRequestOrder(await db.select().from(notifications).where(byKey))
      const outcomes: NotificationOutcome[] = rows.map((r) => ({ recipient: r.recipient, state: r.state as NotificationOutcome['state'], channel: r.channel, attempts: r.attempts, error: r.error, deferredUntil: deferred.get(r.id)?.toISOString() ?? null }))
      const until = [...deferred.values()].sort((a, b) => a.getTime() - b.getTime())[0]
      return {
        sent: rows.filter((r) => r.state === 'SENT' || r.state === 'DELIVERED').length,
        failed: rows.filter((r) => r.state === 'FAILED').length,
        deferred: deferred.size,
        deferredUntil: until?.toISOString() ?? null,
        outcomes,
      }
    },
  }
}
