import { quietHoursApply, quietHoursEnd, type NotificationMessage } from '@baton/domain'
import type { notifications } from '@baton/db'
import { NotificationPayload } from './notification-request.ts'
import { resolveRecipient, type RecipientDirectory } from './recipient-directory.ts'
import { sendToChannel, type ChannelContext } from './send-to-channel.ts'
import type { RowDecision } from './channel-outcome.ts'
import { tryChannels } from './try-channels.ts'

type Row = typeof notifications.$inferSelect

export type RowContext = ChannelContext & {
  directory: RecipientDirectory
  consoleUrl: string
  now: Date
  attempt: number
  fallbackAfterAttempts: number
}

/** One queued row: quiet hours first (below P1), then the contact's channels in order (tryChannels). */
export async function deliverRow(row: Row, ctx: RowContext): Promise<RowDecision> {
  const parsed = NotificationPayload.safeParse(row.payload)
  if (!parsed.success)
    return {
      kind: 'failed',
      channel: null,
      error: `unreadable payload: ${parsed.error.issues[0]?.message ?? 'invalid'}`,
    }
  const req = parsed.data
  const who = resolveRecipient(ctx.directory, row)
  if (quietHoursApply(req.priority) && who.contact.quietHours) {
    const until = quietHoursEnd(who.contact.quietHours, who.timeZone, ctx.now)
    if (until) return { kind: 'deferred', until }
  }
  const message: NotificationMessage = {
    incidentId: req.incidentId,
    incidentKey: req.incidentKey,
    title: req.title,
    priority: req.priority,
    reason: req.reason,
    step: req.step,
    at: req.at,
    holder: { slug: req.holder, name: ctx.directory.partyNames.get(req.holder) ?? req.holder },
    clock: req.clock
      ? { metric: req.clock.metric, deadline: req.clock.deadline, timeZone: req.clock.timeZone }
      : null,
    recipient: { name: who.name, timeZone: who.timeZone },
    consoleUrl: ctx.consoleUrl,
  }
  return tryChannels(who, ctx, (ch) =>
    sendToChannel(
      ch,
      { messageId: `notif_${row.id}`, dedupKey: row.dedupKey, recipientName: who.name, message },
      ctx
    )
  )
}
