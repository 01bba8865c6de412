import { describe, expect, it } from 'vitest'
import { Webhook } from 'standardwebhooks'
import { generateWebhookSecret } from '@baton/db'
import { standardWebhookHeaders, verifyStandardWebhook } from './standard-webhooks.ts'
import { backoffMs } from '../delivery/backoff.ts'

const body = JSON.stringify({
  type: 'incident.acknowledged',
  incident: { vendorRef: 'STR-1' },
  occurredAt: '2026-03-06T20:05:00Z',
})

describe('Standard Webhooks signing', () => {
  it('verifies what the standardwebhooks package signs, and the package verifies what Baton signs', () => {
    const secret = generateWebhookSecret()
    const now = new Date()
    const signature = new Webhook(secret).sign('msg_1', now, body)
    const headers = new Headers({
      'webhook-id': 'msg_1',
      'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
      'webhook-signature': signature,
    })
    expect(verifyStandardWebhook(headers, body, [secret], now)).toEqual({ ok: true })
    const ours = standardWebhookHeaders(secret, 'msg_2', Math.floor(now.getTime() / 1000), body)
    expect(() => new Webhook(secret).verify(body, ours)).not.toThrow()
  })

  it('accepts any signature of the list against any active secret, and refuses a stale timestamp', () => {
    const [a, b] = [generateWebhookSecret(), generateWebhookSecret()]
    const now = new Date('2026-03-06T20:05:00Z')
    const ts = Math.floor(now.getTime() / 1000)
    const headers = new Headers(standardWebhookHeaders([a, b], 'm', ts, body))
    expect(verifyStandardWebhook(headers, body, [b], now).ok).toBe(true)
    expect(verifyStandardWebhook(headers, body, [generateWebhookSecret(), a], now).ok).toBe(true)
    expect(
      verifyStandardWebhook(headers, body, [a], new Date(now.getTime() + 301_000))
    ).toMatchObject({ ok: false, reason: expect.stringContaining('tolerance') })
    expect(verifyStandardWebhook(headers, `${body} `, [a], now).ok).toBe(false)
  })
})

describe('delivery backoff', () => {
  it.each([
    [1, 500, 1000],
    [2, 1000, 2000],
    [5, 8000, 16000],
    [30, 1_800_000, 3_600_000],
  ])('attempt %i waits between %i and %i ms', (attempt, min, max) => {
    expect(backoffMs(attempt, () => 0)).toBe(min)
    expect(backoffMs(attempt, () => 1)).toBe(max)
  })
})
