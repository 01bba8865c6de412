import { createHmac } from 'node:crypto'

// Standard Webhooks (docs/interfaces.md, "Vendor webhooks"): v1,<base64 HMAC-SHA256 of "id.timestamp.body">, keyed
// with the base64 bytes after the whsec_ prefix.
const keyOf = (secret: string): Buffer =>
  Buffer.from(secret.startsWith('whsec_') ? secret.slice(6) : secret, 'base64')

export type WebhookSignatureHeaders = {
  'webhook-id': string
  'webhook-timestamp': string
  'webhook-signature': string
}

export function signWebhook(
  secret: string,
  id: string,
  timestampSeconds: number,
  body: string
): WebhookSignatureHeaders {
  const timestamp = String(timestampSeconds)
  const signature = createHmac('sha256', keyOf(secret))
    .update(`${id}.${timestamp}.${body}`)
    .digest('base64')
  return {
    'webhook-id': id,
    'webhook-timestamp': timestamp,
    'webhook-signature': `v1,${signature}`,
  }
}
