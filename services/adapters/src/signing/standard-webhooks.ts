import { createHmac, timingSafeEqual } from 'node:crypto'

// Standard Webhooks (standardwebhooks.com): HMAC-SHA256 over `id.timestamp.body`, base64,
// header `v1,<sig>` (space-separated list). Constant-time comparison; any active secret verifies.
export const TOLERANCE_SECONDS = 5 * 60

const keyOf = (secret: string) =>
  Buffer.from(secret.startsWith('whsec_') ? secret.slice(6) : secret, 'base64')

export function signStandardWebhook(
  secret: string,
  id: string,
  timestampSeconds: number,
  body: string
): string {
  const mac = createHmac('sha256', keyOf(secret))
    .update(`${id}.${timestampSeconds}.`)
    .update(body)
    .digest('base64')
  return `v1,${mac}`
}

/** Headers of one signed message; pass several secrets to sign with each (a rotation in progress). */
export function standardWebhookHeaders(
  secrets: string | string[],
  id: string,
  timestampSeconds: number,
  body: string
): Record<string, string> {
  const list = Array.isArray(secrets) ? secrets : [secrets]
  return {
    'content-type': 'application/json',
    'webhook-id': id,
    'webhook-timestamp': String(timestampSeconds),
    'webhook-signature': list
      .map((s) => signStandardWebhook(s, id, timestampSeconds, body))
      .join(' '),
  }
}

export type VerifyOutcome = { ok: true } | { ok: false; reason: string }

export function safeEqual(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b)
}

export function verifyStandardWebhook(
  headers: Headers,
  body: string,
  secrets: readonly string[],
  now: Date
): VerifyOutcome {
  const id = headers.get('webhook-id')
  const timestamp = headers.get('webhook-timestamp')
  const signature = headers.get('webhook-signature')
  if (!id || !timestamp || !signature)
    return { ok: false, reason: 'missing webhook-id, webhook-timestamp or webhook-signature' }
  if (!/^\d{1,12}$/.test(timestamp)) return { ok: false, reason: 'malformed webhook-timestamp' }
  if (Math.abs(now.getTime() / 1000 - Number(timestamp)) > TOLERANCE_SECONDS)
    return { ok: false, reason: 'webhook-timestamp outside the 5-minute tolerance' }
  const given = signature
    .split(' ')
    .filter((s) => s.startsWith('v1,'))
    .map((s) => Buffer.from(s.slice(3), 'base64'))
  for (const secret of secrets) {
    const expected = createHmac('sha256', keyOf(secret))
      .update(`${id}.${timestamp}.`)
      .update(body)
      .digest()
    if (given.some((g) => safeEqual(g, expected))) return { ok: true }
  }
  return { ok: false, reason: 'no valid signature' }
}
