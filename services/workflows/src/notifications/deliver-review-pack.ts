import { eq } from 'drizzle-orm'
import { notifications, parties, reviewPacks, type Database } from '@baton/db'
import { ApplicationFailure } from '@temporalio/common'
import { formatRecipient, recipientOf } from '@baton/domain'
import type { ChannelOutcome } from './channel-outcome.ts'
import {
  deliverQueuedRows,
  summariseDelivery,
  type NotificationOutcome,
} from './deliver-queued-rows.ts'
import {
  loadRecipientDirectory,
  resolveRecipient,
  type DirectoryEntry,
} from './recipient-directory.ts'
import {
  renderPackEmail,
  renderPackSummary,
  type PackForMessage,
} from './render-review-pack-message.ts'
import { postJson } from './send-http.ts'
import { postToWebhook, type ChannelContext, type ContactChannel } from './send-to-channel.ts'
import { tryChannels } from './try-channels.ts'

/** Who receives review packs unless configured otherwise: the retained organisation's contacts with one of these roles. */
export const REVIEW_PACK_RECIPIENT_ROLES: readonly string[] = [
  'service-manager',
  'service-integrator',
]

export type ReviewPackDeliveryInput = { packId: string }
export type ReviewPackDeliveryReport = {
  packKey: string
  sent: number
  failed: number
  deferred: number
  deferredUntil: string | null
  outcomes: NotificationOutcome[]
}
export type ReviewPackDeliveryDeps = {
  db: Database
  consoleUrl: string
  recipientRoles?: readonly string[] | undefined
  channels: ChannelContext
  attempt: number
  fallbackAfterAttempts: number
}

/** The retained organisation's contacts holding a review-pack role, once each, in world order. */
export async function reviewPackRecipients(
  db: Database,
  roles: readonly string[]
): Promise<DirectoryEntry[]> {
  const retained = new Set(
    (await db.select({ slug: parties.slug }).from(parties).where(eq(parties.kind, 'RETAINED'))).map(
      (p) => p.slug
    )
  )
  const dir = await loadRecipientDirectory(db)
  const seen = new Set<string>()
  return dir.contacts.filter(
    (e) =>
      retained.has(e.party) &&
      e.contact.roles.some((r) => roles.includes(r)) &&
      !seen.has(`${e.party}/${e.contact.slug}`) &&
      seen.add(`${e.party}/${e.contact.slug}`)
  )
}

function sendPack(
  ch: ContactChannel,
  pack: PackForMessage,
  m: { messageId: string; dedupKey: string; name: string; consoleUrl: string },
  ctx: ChannelContext
): Promise<ChannelOutcome> {
  if (ch.kind === 'email') {
    const { attachments, ...content } = renderPackEmail(pack, m.consoleUrl)
    return ctx.email.send({
      to: { name: m.name, address: ch.address },
      content,
      dedupKey: m.dedupKey,
      headers: { 'X-Baton-Review-Pack': pack.key },
      attachments,
    })
  }
  const summary = renderPackSummary(pack, m.consoleUrl)
  if (ch.kind === 'webhook')
    return postToWebhook(ch, m.messageId, JSON.stringify(summary.webhook), ctx)
  return postJson({
    url: ch.url,
    body: JSON.stringify(ch.kind === 'slack' ? summary.slack : summary.teams),
    headers: {},
    timeoutMs: ctx.timeoutMs,
    fetch: ctx.fetch,
  })
}

/**
 * Sends a stored review pack to its recipients through the notification rows: one row per
 * (pack, recipient) with dedup key `review-pack:<key>#<recipient>`, so a retried activity or a
 * rerun of the workflow finds the row SENT and sends nothing again. E-mail carries the Markdown,
 * an HTML rendering and the CSV and SVG attached; webhooks, Slack and Teams a summary and a link.
 */
export async function deliverReviewPack(
  deps: ReviewPackDeliveryDeps,
  input: ReviewPackDeliveryInput
): Promise<ReviewPackDeliveryReport> {
  const { db } = deps
  const [pack] = await db.select().from(reviewPacks).where(eq(reviewPacks.id, input.packId))
  if (!pack)
    throw ApplicationFailure.nonRetryable(
      `review pack ${input.packId} does not exist`,
      'ReviewPackMissing'
    )
  const escalationKey = `review-pack:${pack.key}`
  const entries = await reviewPackRecipients(db, deps.recipientRoles ?? REVIEW_PACK_RECIPIENT_ROLES)
  const to = entries.map((e) => recipientOf(e.party, e.desk, e.contact))
  const recipients = to.map(formatRecipient)
  const payload = {
    reviewPackId: pack.id,
    key: pack.key,
    kind: pack.kind,
    party: pack.party,
    periodLabel: pack.periodLabel,
    title: pack.title,
    recipients,
  }
  if (entries.length > 0) {
    await db
      .insert(notifications)
      .values(
        entries.map((e, i) => ({
          reviewPackId: pack.id,
          dedupKey: `${escalationKey}#${recipients[i]}`,
          escalationKey,
          party: e.party,
          desk: e.desk,
          recipient: recipients[i]!,
          to: to[i]!,
          payload,
        }))
      )
      .onConflictDoNothing({ target: notifications.dedupKey })
  }
  const message = pack as PackForMessage
  const { deferred, retrying } = await deliverQueuedRows(
    db,
    escalationKey,
    () => loadRecipientDirectory(db),
    async (row, directory) => {
      const who = resolveRecipient(directory, row)
      return tryChannels(who, deps, (ch) =>
        sendPack(
          ch,
          message,
          {
            messageId: `notif_${row.id}`,
            dedupKey: row.dedupKey,
            name: who.name,
            consoleUrl: deps.consoleUrl,
          },
          deps.channels
        )
      )
    }
  )
  if (retrying.length > 0)
    throw ApplicationFailure.retryable(
      `${retrying.length} review pack message(s) of ${pack.key} failed for now: ${retrying.join(' | ')}`,
      'NotificationRetry'
    )
  return { packKey: pack.key, ...(await summariseDelivery(db, escalationKey, deferred)) }
}
