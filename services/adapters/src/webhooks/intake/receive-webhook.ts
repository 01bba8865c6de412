import { Hono } from 'hono'
import type { ResolvedDeps } from '../../app/adapters-deps.ts'
import { ServiceError } from '../../app/service-error.ts'
import { fieldErrorOf } from '../../dialects/inbound-message.ts'
import { dialectOf } from '../../dialects/registry.ts'
import type { PartyDirectory } from '../../parties/party-directory.ts'
import { markKnownParty } from '../../app/metrics.ts'
import type { PartyRateLimiter } from '../../parties/shared-rate-limiter.ts'
import type { IntakeStats } from './intake-stats.ts'
import { readBody, requireJson } from './read-body.ts'
import type { IncomingMessage } from 'node:http'
import { assertStorable } from './storable-json.ts'
import {
  answerRepeat,
  bodyHashOf,
  findReceipt,
  type ReceiptAnswer,
} from '../receipts/receipt-rows.ts'
import { prepareFast, recordFast, type Intake } from '../receipts/record-receipt.ts'
import { recordInbound } from '../receipts/record-slow-path.ts'
import { stampReceiptTime } from './receipt-time.ts'
import { enforceAuthority } from './enforce-authority.ts'

/** Node's request when @hono/node-server serves the app (its bindings); undefined under app.request(). */
const incomingOf = (env: unknown): IncomingMessage | undefined =>
  (env as { incoming?: IncomingMessage } | undefined)?.incoming

export type WebhookRouteDeps = {
  deps: ResolvedDeps
  directory: PartyDirectory
  limiter: PartyRateLimiter
  stats: IntakeStats
  intake: Intake
}

/**
 * POST /webhooks/:partySlug: raw body -> verify -> parse -> map -> receipt -> 202. The receipt is
 * all the request does; signalling/receipt-relay.ts hands it to the incident workflow.
 */
export function webhookRoutes({ deps, directory, limiter, stats, intake }: WebhookRouteDeps) {
  const app = new Hono()
  app.post('/webhooks/:partySlug', async (c) => {
    const slug = c.req.param('partySlug')
    const arrivedAt = directory.now()
    let party = await directory.get(slug)
    if (!party) throw new ServiceError('NOT_FOUND', `no vendor integration '${slug}'`)
    markKnownParty(c, party.slug)
    requireJson(c.req.raw)
    const raw = {
      headers: c.req.raw.headers,
      body: await readBody(c.req.raw, deps.maxBodyBytes, incomingOf(c.env)),
    }
    const dialect = dialectOf(party.integration.dialect)
    const now = deps.clock()
    let verified = dialect.verify(raw, party.inboundSecrets, now)
    if (!verified.ok) {
      const fresh = await directory.refresh(slug, arrivedAt)
      if (fresh) {
        party = fresh
        verified = dialect.verify(raw, party.inboundSecrets, now)
      }
    }
    if (!verified.ok) {
      stats.count(slug, 'unauthenticated')
      throw new ServiceError('UNAUTHENTICATED', verified.reason)
    }
    const wait = await limiter.take(party.id, party.integration.ratePerSecond)
    if (wait > 0) {
      stats.count(slug, 'rateLimited')
      throw new ServiceError(
        'RATE_LIMITED',
        `over ${party.integration.ratePerSecond} messages per second`,
        undefined,
        { 'retry-after': String(wait) }
      )
    }
    let json: unknown
    try {
      json = JSON.parse(raw.body)
    } catch (error) {
      throw new ServiceError('BAD_REQUEST', `malformed JSON: ${(error as Error).message}`, '(body)')
    }
    assertStorable(json)
    const parsed = dialect.schema.safeParse(json)
    if (!parsed.success) throw fieldErrorOf(parsed.error)
    const messageId = dialect.messageId(raw, parsed.data)
    // eslint-disable-next-line no-control-regex -- control characters never make a message id
    if (!messageId || messageId.length > 300 || /[\u0000-\u001f]/.test(messageId))
      throw new ServiceError(
        'BAD_REQUEST',
        'a message id (1-300 characters) is required',
        'webhook-id'
      )
    const bodyHash = bodyHashOf(raw.body)
    // The receipt time (`now`) is what clocks run on; the vendor's claimed time is kept as evidence.
    const toInbound = () =>
      stampReceiptTime(dialect.toInbound(parsed.data, party.integration.mappings), {
        party,
        receivedAt: now,
        timeField: dialect.timeField,
      })
    const inbound = (() => {
      try {
        return toInbound()
      } catch {
        return null
      }
    })()
    // Authority as data: refused for this party's relation to the incident -> 403 naming the rule, before any receipt.
    if (inbound) await enforceAuthority(deps.db, party, inbound, messageId)
    // Most messages: repeat check, bond and receipt in one group-committed statement; the relay signals.
    const fast = prepareFast(party, messageId, bodyHash, json, () => inbound ?? toInbound())
    // 202 for a new receipt, 200 naming the first one for a repeat of the message id.
    const reply = (answer: ReceiptAnswer) => {
      stats.count(slug, answer.status === 202 ? 'accepted' : 'duplicates')
      return c.json(
        answer.status === 202
          ? { receipt: answer.receipt }
          : { receipt: answer.receipt, duplicate: true },
        answer.status
      )
    }
    const quick = fast && (await recordFast(intake, fast))
    if (quick) return reply(quick)
    const existing = await findReceipt(deps.db, party.id, messageId)
    if (existing) {
      stats.count(slug, 'duplicates')
      const answer = answerRepeat(existing, bodyHash)
      return c.json({ receipt: answer.receipt, duplicate: true }, 200)
    }
    const message = toInbound()
    const answer = await recordInbound(
      { db: deps.db, relay: intake.relay },
      { party, messageId, bodyHash, payload: json, message }
    )
    return reply(answer)
  })
  return app
}
