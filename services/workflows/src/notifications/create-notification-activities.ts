import { Context } from '@temporalio/activity'
import { ApplicationFailure } from '@temporalio/common'
import type { Database } from '@baton/db'
import type { NotificationActivities, NotificationDeliveryResult } from '@baton/temporal'

// compile-time proof that the implementation satisfies the contract the workflow proxies
const _contract = (a: NotificationActivityImpl): NotificationActivities => a
void _contract
import { deliverRow } from './deliver-row.ts'
import {
  deliverQueuedRows,
  summariseDelivery,
  type NotificationOutcome,
} from './deliver-queued-rows.ts'
import {
  deliverReviewPack,
  type ReviewPackDeliveryInput,
  type ReviewPackDeliveryReport,
} from './deliver-review-pack.ts'
import { loadRecipientDirectory } from './recipient-directory.ts'
import { createEmailSender, type SmtpConfig } from './send-email.ts'
import { guardedFetch, type OutboundPolicy } from '@baton/temporal/outbound'

export type NotificationDeps = {
  db: Database
  smtp: SmtpConfig
  /** base URL of the gateway, e.g. http://127.0.0.1:4000; messages link to <consoleUrl>/graphql?incident=<key> */
  consoleUrl: string
  /** resolves a contact webhook's secret reference ('env:NAME', 'file:path') to its whsec_ secret */
  webhookSecretResolver?: (ref: string) => string | Promise<string>
  /** tests only: replaces the guarded fetch (and with it the outbound address policy) */
  fetch?: typeof fetch
  /**
   * Where webhooks may connect (@baton/temporal/outbound): main.ts passes the configured policy
   * (public addresses only by default); absent, loopback is allowed for tests and embedding.
   */
  outbound?: OutboundPolicy
  /** the clock quiet hours are judged by; tests pin it (signatures always use the real clock) */
  now?: () => Date
  /** per channel request; default 10 s */
  timeoutMs?: number
  /** from this activity attempt on, a transient failure moves on to the contact's next channel; default 3 */
  fallbackAfterAttempts?: number
  /** the retained organisation's contact roles that receive review packs; default REVIEW_PACK_RECIPIENT_ROLES */
  reviewPackRecipientRoles?: readonly string[]
}

export type { NotificationOutcome }
/** The contract's result plus one line per recipient, for the workflow to record in the ledger. */
export type NotificationDeliveryReport = NotificationDeliveryResult & {
  outcomes: NotificationOutcome[]
}
/** Only activity functions here: the worker registers every property as an activity. */
export type NotificationActivityImpl = {
  deliverNotifications(input: { escalationKey: string }): Promise<NotificationDeliveryReport>
  deliverReviewPack(input: ReviewPackDeliveryInput): Promise<ReviewPackDeliveryReport>
}

const activityAttempt = (): number => {
  try {
    return Context.current().info.attempt
  } catch {
    return 1
  }
}

/**
 * deliverNotifications: every QUEUED row of one escalation, each once (deliverQueuedRows), moving
 * QUEUED -> DELIVERED (a webhook, Slack or Teams endpoint answered 2xx) or SENT (an SMTP server
 * accepted it), or FAILED when every channel failed for good. A row in its contact's quiet hours
 * (below P1) stays QUEUED and deferredUntil says when to call again. Transient failures are
 * recorded on the row and then thrown, so Temporal retries with backoff.
 * deliverReviewPack: a stored review pack to its recipients, through the same rows and states.
 */
export function createNotificationActivities(deps: NotificationDeps): NotificationActivityImpl {
  const email = createEmailSender(deps.smtp)
  const now = deps.now ?? (() => new Date())
  const ctxBase = {
    email,
    fetch:
      deps.fetch ?? guardedFetch(deps.outbound ?? { allowPrivate: false, allowLoopback: true }),
    timeoutMs: deps.timeoutMs ?? 10_000,
    resolveSecret: deps.webhookSecretResolver,
    nowSeconds: () => Math.floor(Date.now() / 1000),
  }
  const fallbackAfterAttempts = deps.fallbackAfterAttempts ?? 3
  return {
    async deliverNotifications({ escalationKey }) {
      const { db } = deps
      const at = now()
      const { deferred, retrying } = await deliverQueuedRows(
        db,
        escalationKey,
        () => loadRecipientDirectory(db),
        async (row, directory) => {
          return deliverRow(row, {
            ...ctxBase,
            directory,
            consoleUrl: deps.consoleUrl,
            now: at,
            attempt: activityAttempt(),
            fallbackAfterAttempts,
          })
        }
      )
      if (retrying.length > 0)
        throw ApplicationFailure.retryable(
          `${retrying.length} notification(s) of ${escalationKey} failed for now: ${retrying.join(' | ')}`,
          'NotificationRetry'
        )
      return summariseDelivery(db, escalationKey, deferred)
    },
    deliverReviewPack: (input) =>
      deliverReviewPack(
        {
          db: deps.db,
          consoleUrl: deps.consoleUrl,
          recipientRoles: deps.reviewPackRecipientRoles,
          channels: ctxBase,
          attempt: activityAttempt(),
          fallbackAfterAttempts,
        },
        input
      ),
  }
}
