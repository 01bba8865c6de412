import type { ChannelOutcome, RowDecision } from './channel-outcome.ts'
import { channelLabel, type ContactChannel } from './send-to-channel.ts'
import type { ResolvedRecipient } from './recipient-directory.ts'

/**
 * A recipient's channels (its contact's) in order of preference. A permanent failure moves on to
 * the next channel; a transient one is retried on the same channel by Temporal, until the
 * activity's attempt reaches fallbackAfterAttempts and a further channel exists.
 */
export async function tryChannels(
  who: Pick<ResolvedRecipient, 'name' | 'contact'>,
  o: { attempt: number; fallbackAfterAttempts: number },
  send: (ch: ContactChannel) => Promise<ChannelOutcome>
): Promise<RowDecision> {
  const channels = who.contact.channels
  const errors: string[] = []
  let transient: string | null = null
  for (const [i, ch] of channels.entries()) {
    const label = channelLabel(ch)
    const outcome = await send(ch)
    if (outcome.status === 'delivered' || outcome.status === 'sent') {
      return {
        kind: 'done',
        state: outcome.status === 'delivered' ? 'DELIVERED' : 'SENT',
        channel: label,
        error: errors.length ? errors.join('; ') : null,
      }
    }
    errors.push(`${label}: ${outcome.error}`)
    const last = i === channels.length - 1
    if (outcome.status !== 'transient') continue
    transient ??= label
    if (last || o.attempt < o.fallbackAfterAttempts)
      return { kind: 'retry', channel: label, error: errors.join('; '), who: who.name }
  }
  // a channel that only failed for now is worth another round before the row is given up
  if (transient)
    return { kind: 'retry', channel: transient, error: errors.join('; '), who: who.name }
  return {
    kind: 'failed',
    channel: channels.length ? channelLabel(channels[channels.length - 1]!) : null,
    error: errors.length ? errors.join('; ') : `no channel for ${who.name}`,
  }
}
