import { guardedFetch, type OutboundPolicy } from '@baton/temporal/outbound'
import { createHash } from 'node:crypto'
import { Context } from '@temporalio/activity'
import { ApplicationFailure, ApplicationFailureCategory } from '@temporalio/common'
import { and, eq, sql } from 'drizzle-orm'
import type { Logger } from 'pino'
import {
  activePartySecrets,
  adapterEndpoints,
  bonds,
  outboundDeliveries,
  parties,
  recordIncidentEvent,
  type Database,
} from '@baton/db'
import type { DeliveryActivities, DeliveryRequest, DeliveryResult } from '@baton/temporal'
import { standardWebhookHeaders } from '../signing/standard-webhooks.ts'
import { Integration } from '../parties/party-directory.ts'
import { backoffMs, GIVE_UP_AFTER_MS, retryAfterMs } from './backoff.ts'
import { OutboundMessage } from './outbound-message.ts'
import { renderOutbound } from './render-outbound.ts'

const LOOPBACK_ALLOWED: OutboundPolicy = { allowPrivate: false, allowLoopback: true }

export type DeliveryDeps = {
  db: Database
  masterKey: string
  logger: Logger
  /** tests only: replaces the guarded fetch (and with it the outbound address policy) */
  fetch?: typeof fetch
  /**
   * Where delivery may connect (@baton/temporal/outbound): main.ts passes the configured policy
   * (public addresses only by default); absent, loopback is allowed for tests and embedding.
   */
  outbound?: OutboundPolicy
  clock?: () => Date
  timeoutMs?: number
  random?: () => number
}

export const DELIVERY_FAILURE_TYPES = {
  retry: 'DeliveryRetry',
  paused: 'DeliveryPaused',
  rejected: 'DeliveryRejected',
  expired: 'DeliveryExpired',
} as const

/** How long a paused party's message waits before it looks again. */
const PAUSED_RETRY_MS = 30_000

const messageIdOf = (key: string) =>
  `msg_${createHash('sha256').update(key).digest('hex').slice(0, 32)}`
const attemptInfo = () => {
  try {
    const i = Context.current().info
    return { attempt: i.attempt, firstScheduledMs: i.scheduledTimestampMs }
  } catch {
    return { attempt: 1, firstScheduledMs: Date.now() }
  }
}

/**
 * Outbound delivery on the delivery task queue: Standard Webhooks signed with the party's
 * outbound secrets, every attempt a ledger entry, 410 disables the endpoint, other 4xx (but 408
 * and 429) are permanent, the rest retry with backoff and jitter for up to 24 h.
 */
export function createDeliveryActivities(deps: DeliveryDeps): DeliveryActivities {
  const doFetch = deps.fetch ?? guardedFetch(deps.outbound ?? LOOPBACK_ALLOWED)
  const clock = deps.clock ?? (() => new Date())
  const db = deps.db
  return {
    async deliverToVendor(request: DeliveryRequest): Promise<DeliveryResult> {
      const { attempt, firstScheduledMs } = attemptInfo()
      const [party] = await db
        .select({
          id: parties.id,
          integration: parties.integration,
          paused: adapterEndpoints.deliveryPaused,
          disabledAt: adapterEndpoints.disabledAt,
        })
        .from(parties)
        .leftJoin(adapterEndpoints, eq(adapterEndpoints.partyId, parties.id))
        .where(eq(parties.slug, request.party))
      const integration = party?.integration ? Integration.safeParse(party.integration) : null
      if (!party || !integration?.success || !integration.data.outboundUrl)
        return { status: 'SKIPPED', attempts: 0 }
      const event = (request.payload.event ?? {}) as Record<string, unknown>
      const retryFields = (n: number, delayMs: number) => ({
        party: request.party,
        message: request.type,
        incidentKey: request.incidentKey,
        attempt: n,
        nextTryAt: new Date(clock().getTime() + delayMs).toISOString(),
      })
      const messageId = messageIdOf(request.idempotencyKey)
      // Baton writing to a vendor about an incident bonds them, so the vendor's answer finds it.
      // Lock order as recordIncidentEvent's (incident row first), or the two bond inserts deadlock.
      await db.transaction(async (tx) => {
        await tx.execute(
          sql`select id from incidents where id = ${request.incidentId} for key share`
        )
        await tx
          .insert(bonds)
          .values({ incidentId: request.incidentId, partyId: party.id })
          .onConflictDoNothing()
      })
      const [vendorRef] = await db
        .select({ ref: bonds.vendorRef })
        .from(bonds)
        .where(and(eq(bonds.incidentId, request.incidentId), eq(bonds.partyId, party.id)))
      const incident = {
        ...(request.payload.incident as Record<string, unknown> | undefined),
        id: request.incidentId,
        key: request.incidentKey,
        vendorRef: vendorRef?.ref ?? null,
      }
      const parsed = OutboundMessage.safeParse({
        type: request.type,
        incident,
        occurredAt: new Date(request.occurredAt).toISOString(),
        data: event,
      })
      if (!parsed.success)
        throw ApplicationFailure.nonRetryable(
          `outbound message does not match its schema: ${parsed.error.issues[0]?.message ?? ''}`,
          DELIVERY_FAILURE_TYPES.rejected
        )
      const message = parsed.data
      let rendered: ReturnType<typeof renderOutbound>
      try {
        rendered = renderOutbound(message, integration.data)
      } catch (e) {
        throw ApplicationFailure.nonRetryable(
          `outbound message cannot be rendered for ${request.party}: ${(e as Error).message}`,
          DELIVERY_FAILURE_TYPES.rejected
        )
      }
      await db
        .insert(outboundDeliveries)
        .values({
          idempotencyKey: request.idempotencyKey,
          messageId,
          partyId: party.id,
          incidentId: request.incidentId,
          type: request.type,
          payload: message,
        })
        .onConflictDoNothing()
      const [row] = await db
        .select({ status: outboundDeliveries.status, attempts: outboundDeliveries.attempts })
        .from(outboundDeliveries)
        .where(eq(outboundDeliveries.idempotencyKey, request.idempotencyKey))
      if (row?.status === 'DELIVERED') return { status: 'DELIVERED', attempts: row.attempts }
      const finish = (
        status: string,
        values: { httpStatus?: number | null; error?: string | null } = {}
      ) =>
        db
          .update(outboundDeliveries)
          .set({
            status,
            attempts: sql`${outboundDeliveries.attempts} + 1`,
            lastHttpStatus: values.httpStatus ?? null,
            lastError: values.error ?? null,
            updatedAt: sql`now()`,
            ...(status === 'DELIVERED' ? { deliveredAt: sql`now()` } : {}),
          })
          .where(eq(outboundDeliveries.idempotencyKey, request.idempotencyKey))
      const ledger = (outcome: string, extra: Record<string, unknown>) =>
        recordIncidentEvent(db, {
          incidentId: request.incidentId,
          seq: 0,
          idempotencyKey: `${request.idempotencyKey}#attempt${attempt}`,
          at: clock().toISOString(),
          type: 'outbound.attempt',
          actor: 'baton',
          data: {
            party: request.party,
            type: request.type,
            format: rendered.format,
            messageId,
            attempt,
            outcome,
            ...extra,
          },
        })
      // A vendor's own change is never echoed back to it.
      if (event.party === request.party && request.type !== 'escalation.triggered') {
        await db
          .update(outboundDeliveries)
          .set({ status: 'SKIPPED' })
          .where(eq(outboundDeliveries.idempotencyKey, request.idempotencyKey))
        return { status: 'SKIPPED', attempts: 0 }
      }
      if (party.disabledAt) {
        await finish('DISABLED', { error: 'endpoint disabled' })
        await ledger('disabled', {})
        return { status: 'DISABLED', attempts: attempt }
      }
      if (party.paused) {
        deps.logger.info(
          { ...retryFields(attempt, PAUSED_RETRY_MS), reason: 'paused' },
          `delivery to ${request.party} is paused`
        )
        throw ApplicationFailure.create({
          message: `delivery to ${request.party} is paused`,
          type: DELIVERY_FAILURE_TYPES.paused,
          nextRetryDelay: PAUSED_RETRY_MS,
          // Expected: the SDK logs it at debug, not as a failed activity with its stack.
          category: ApplicationFailureCategory.BENIGN,
        })
      }
      const secrets = await activePartySecrets(db, party.id, 'outbound', deps.masterKey)
      if (secrets.length === 0)
        throw ApplicationFailure.nonRetryable(
          `${request.party} has no outbound secret`,
          DELIVERY_FAILURE_TYPES.rejected
        )
      const body = JSON.stringify(rendered.body)
      const headers = standardWebhookHeaders(
        secrets,
        messageId,
        Math.floor(clock().getTime() / 1000),
        body
      )
      let status: number | null = null
      let error: string | null = null
      let retryAfter: string | null = null
      try {
        const res = await doFetch(integration.data.outboundUrl, {
          method: 'POST',
          headers,
          body,
          signal: AbortSignal.timeout(deps.timeoutMs ?? 10_000),
          redirect: 'manual',
        })
        status = res.status
        retryAfter = res.headers.get('retry-after')
        await res.body?.cancel().catch(() => {})
      } catch (e) {
        error = (e as Error).message
      }
      if (status !== null && status >= 200 && status < 300) {
        await finish('DELIVERED', { httpStatus: status })
        await ledger('delivered', { httpStatus: status })
        return { status: 'DELIVERED', attempts: attempt, httpStatus: status }
      }
      if (status === 410) {
        await db
          .insert(adapterEndpoints)
          .values({ partyId: party.id, disabledAt: clock(), disabledReason: '410 Gone' })
          .onConflictDoUpdate({
            target: adapterEndpoints.partyId,
            set: { disabledAt: clock(), disabledReason: '410 Gone', updatedAt: sql`now()` },
          })
        await finish('DISABLED', { httpStatus: 410 })
        await ledger('endpoint_disabled', { httpStatus: 410 })
        deps.logger.warn({ party: request.party }, 'vendor endpoint answered 410: disabled')
        return { status: 'DISABLED', attempts: attempt, httpStatus: 410 }
      }
      if (status !== null && status >= 400 && status < 500 && status !== 408 && status !== 429) {
        await finish('FAILED', { httpStatus: status })
        await ledger('rejected', { httpStatus: status })
        throw ApplicationFailure.nonRetryable(
          `${request.party} refused the message with ${status}`,
          DELIVERY_FAILURE_TYPES.rejected,
          { httpStatus: status }
        )
      }
      const nowMs = clock().getTime()
      if (nowMs - firstScheduledMs >= GIVE_UP_AFTER_MS) {
        await finish('FAILED', { httpStatus: status, error })
        await ledger('expired', { httpStatus: status, error })
        throw ApplicationFailure.nonRetryable(
          `gave up delivering to ${request.party} after 24 h`,
          DELIVERY_FAILURE_TYPES.expired
        )
      }
      const delay = Math.max(retryAfterMs(retryAfter, nowMs) ?? 0, backoffMs(attempt, deps.random))
      await finish('PENDING', { httpStatus: status, error })
      await ledger('retry', { httpStatus: status, error, retryInMs: delay })
      const failure = `delivery to ${request.party} failed (${status ?? error}); retrying`
      // One line per failed attempt (party, message, attempt, next try); the SDK logs this
      // expected failure at debug only, so no stack trace reaches the console.
      deps.logger.warn({ ...retryFields(attempt, delay), reason: String(status ?? error) }, failure)
      throw ApplicationFailure.create({
        message: failure,
        type: DELIVERY_FAILURE_TYPES.retry,
        nextRetryDelay: delay,
        category: ApplicationFailureCategory.BENIGN,
      })
    },
  }
}
