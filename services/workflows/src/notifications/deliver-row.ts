import { quietHoursApply, quietHoursEnd, type NotificationMessage } from '@baton/domain'
import type { notifications } from '@baton/db'
import { NotificationPayload } from './notification-request.ts'
import { resolveRecipient, type RecipientDirectory } from './recipient-directory.ts'
import { channelLabel, sendToChannel, type ChannelContext } from './send-to-channel.ts'

type Row = typeof notifications.$inferSelect

/** What to write back to the row, and what it means for the activity. */
export type RowDecision =
  | { kind: 'done'; state: 'SENT' | 'DELIVERED'; channel: string; error: string | null }
  | { kind: 'failed'; channel: string | null; error: string }
  | { kind: 'retry'; channel: string; error: string }
  | { kind: 'deferred'; until: Date }

export type RowContext = ChannelContext & { directory: RecipientDirectory; consoleUrl: string; now: Date; attempt: number; fallbackAfterAttempts: number }

/**
 * One queued row: quiet hours first (below P1), then the contact's channels in order. A
 * permanent failure moves on to the next channel; a transient one is retried on the same
 * channel by Temporal, until the activity's attempt reaches fallbackAfterAttempts and a
 * further channel exists.
 */
export async function deliverRow(row: Row, ctx: RowContext): Promise<RowDecision> {
  const parsed = NotificationPayload.safeParse(row.payload)
  if (!parsed.success) return { kind: 'failed', channel: null, error: `unreadable payload: ${parsed.error.issues[0]?.message ?? 'invalid'}` }
  const req = parsed.data
  const who = resolveRecipient(ctx.directory, row)
  if (quietHoursApply(req.priority) && who.contact.quietHours) {
    const until = quietHoursEnd(who.contact.quietHours, who.timeZone, ctx.now)
    if (until) return { kind: 'deferred', until }
  }
  const message: NotificationMessage = {
    incidentId: req.incidentId, incidentKey: req.incidentKey, title: req.title, priority: req.priority, reason: req.reason, step: req.step, at: req.at,
    holder: { slug: req.holder, name: ctx.directory.partyNames.get(req.holder) ?? req.holder },
    clock: req.clock ? { metric: req.clock.metric, deadline: req.clock.deadline, timeZone: req.clock.timeZone } : null,
    recipient: { name: who.name, timeZone: who.timeZone },
    consoleUrl: ctx.consoleUrl,
  }
  const errors: string[] = []
  let transient: string | null = null
  const channels = who.contact.channels
  for (const [i, ch] of channels.entries()) {
    const label = channelLabel(ch)
    const outcome = await sendToChannel(ch, { messageId: `notif_${row.id}`, dedupKey: row.dedupKey, recipientName: who.name, message }, ctx)
    if (outcome.status === 'delivered' || outcome.status === 'sent') {
      return { kind: 'done', state: outcome.status === 'delivered' ? 'DELIVERED' : 'SENT', channel: label, error: errors.length ? errors.join('; ') : null }
    }
    errors.push(`${label}: ${outcome.error}`)
    const last = i === channels.length - 1
    if (outcome.status !== 'transient') continue
    transient ??= label
    if (last || ctx.attempt < ctx.fallbackAfterAttempts) return { kind: 'retry', channel: label, error: errors.join('; ') }
  }
  // a channel that only failed for now is worth another round before the row is given up
  if (transient) return { kind: 'retry', channel: transient, error: errors.join('; ') }
  return { kind: 'failed', channel: channels.length ? channelLabel(channels[channels.length - 1]!) : null, error: errors.length ? errors.join('; ') : `no channel for ${who.name}` }
}
