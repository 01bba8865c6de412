import {
  renderEmail,
  renderSlack,
  renderTeams,
  renderWebhook,
  type Contact,
  type NotificationMessage,
} from '@baton/domain'
import type { ChannelOutcome } from './channel-outcome.ts'
import type { EmailSender } from './send-email.ts'
import { postJson } from './send-http.ts'
import { signWebhook } from './sign-webhook.ts'

export type ContactChannel = Contact['channels'][number]
export type ChannelContext = {
  email: EmailSender
  fetch: typeof fetch
  timeoutMs: number
  resolveSecret?: ((ref: string) => string | Promise<string>) | undefined
  /** the real clock, for the signature timestamp the receiver checks against its own */
  nowSeconds: () => number
}
export type ChannelMessage = {
  messageId: string
  dedupKey: string
  recipientName: string
  message: NotificationMessage
}

/** Where a channel points, safe to store and show: incoming-webhook URLs are secrets, hosts are not. */
export function channelLabel(ch: ContactChannel): string {
  if (ch.kind === 'email') return `email:${ch.address}`
  try {
    return `${ch.kind}:${new URL(ch.url).host}`
  } catch {
    return ch.kind
  }
}

/** POSTs a JSON body to a generic webhook channel, signed (Standard Webhooks) when the contact names a secret. */
export async function postToWebhook(
  ch: Extract<ContactChannel, { kind: 'webhook' }>,
  messageId: string,
  body: string,
  ctx: ChannelContext
): Promise<ChannelOutcome> {
  let headers: Record<string, string> = {
    'webhook-id': messageId,
    'webhook-timestamp': String(ctx.nowSeconds()),
  }
  if (ch.secret) {
    if (!ctx.resolveSecret)
      return {
        status: 'permanent',
        error: `webhook secret ${ch.secret.split(':')[0]} reference but no secret resolver configured`,
      }
    let secret: string
    try {
      secret = await ctx.resolveSecret(ch.secret)
    } catch (e) {
      return { status: 'permanent', error: `webhook secret unavailable: ${(e as Error).message}` }
    }
    headers = signWebhook(secret, messageId, ctx.nowSeconds(), body)
  }
  return postJson({ url: ch.url, body, headers, timeoutMs: ctx.timeoutMs, fetch: ctx.fetch })
}

/** Renders the message with the channel's template and sends it once. */
export async function sendToChannel(
  ch: ContactChannel,
  m: ChannelMessage,
  ctx: ChannelContext
): Promise<ChannelOutcome> {
  switch (ch.kind) {
    case 'email':
      return ctx.email.send({
        to: { name: m.recipientName, address: ch.address },
        content: renderEmail(m.message),
        dedupKey: m.dedupKey,
        incidentKey: m.message.incidentKey,
      })
    case 'webhook':
      return postToWebhook(ch, m.messageId, JSON.stringify(renderWebhook(m.message)), ctx)
    case 'slack':
    case 'teams':
      // Incoming-webhook URLs: the URL is the secret, nothing is signed.
      return postJson({
        url: ch.url,
        body: JSON.stringify((ch.kind === 'slack' ? renderSlack : renderTeams)(m.message)),
        headers: {},
        timeoutMs: ctx.timeoutMs,
        fetch: ctx.fetch,
      })
  }
}
