import { hmacHex, verifyHexSignatures } from '../signing/hmac-hex.ts'
import {
  TOLERANCE_SECONDS,
  standardWebhookHeaders,
  verifyStandardWebhook,
  type VerifyOutcome,
} from '../signing/standard-webhooks.ts'
import type { RawWebhook } from './vendor-dialect.ts'

/** Standard Webhooks headers (webhook-id, -timestamp, -signature): the canonical and ServiceNow dialects. */
export const standardWebhookScheme = {
  verify: (raw: RawWebhook, secrets: readonly string[], now: Date): VerifyOutcome =>
    verifyStandardWebhook(raw.headers, raw.body, secrets, now),
  messageId: (raw: RawWebhook) => raw.headers.get('webhook-id') ?? '',
  sign: (secret: string, body: string, now: Date, messageId: string) =>
    standardWebhookHeaders(secret, messageId, Math.floor(now.getTime() / 1000), body),
}

/**
 * A hex HMAC-SHA256 of the body in one header as `<prefix><hex>` (Jira, PagerDuty). No timestamp
 * header is signed: the body's own time (`timeField`, read by `signedAt`) bounds replays instead.
 */
export const hexSignedScheme = (o: {
  header: string
  prefix: string
  timeField: string
  signedAt: (body: string) => number | null
}) => ({
  verify(raw: RawWebhook, secrets: readonly string[], now: Date): VerifyOutcome {
    if (!verifyHexSignatures(raw.headers.get(o.header), o.prefix, raw.body, secrets))
      return { ok: false, reason: `no valid ${o.header}` }
    const at = o.signedAt(raw.body)
    if (at !== null && Math.abs(now.getTime() - at) > TOLERANCE_SECONDS * 1000)
      return { ok: false, reason: `${o.timeField} outside the 5-minute tolerance` }
    return { ok: true }
  },
  sign: (secret: string, body: string) => ({
    'content-type': 'application/json',
    [o.header.toLowerCase()]: `${o.prefix}${hmacHex(secret, body)}`,
  }),
})
