import { createHmac } from 'node:crypto'
import { safeEqual } from './standard-webhooks.ts'

// Hex HMAC-SHA256 of the raw body, the scheme of PagerDuty v3 (`v1=<hex>`) and Jira (`sha256=<hex>`).
export const hmacHex = (secret: string, body: string) =>
  createHmac('sha256', secret).update(body).digest('hex')

/** True when any `<prefix><hex>` item of the comma-separated header matches any secret. */
export function verifyHexSignatures(
  header: string | null,
  prefix: string,
  body: string,
  secrets: readonly string[]
): boolean {
  if (!header) return false
  const given = header
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.startsWith(prefix))
    .map((s) => Buffer.from(s.slice(prefix.length), 'hex'))
  return secrets.some((secret) => {
    const expected = createHmac('sha256', secret).update(body).digest()
    return given.some((g) => safeEqual(g, expected))
  })
}
