import type { z } from 'zod'
import type { Dialect } from '@baton/domain'
import type { VerifyOutcome } from '../signing/standard-webhooks.ts'
import type { InboundMessage, Mappings } from './inbound-message.ts'
import type { OutboundRendering } from './outbound-rendering.ts'

export type RawWebhook = { headers: Headers; body: string }

/**
 * One vendor dialect: how its messages are signed, identified, validated and mapped. The route
 * runs verify -> JSON.parse -> schema -> messageId -> toInbound, and nothing else differs.
 */
export interface VendorDialect<Body = unknown> {
  readonly name: Dialect
  readonly summary: string
  /** the signature and id headers, for the OpenAPI document */
  readonly headers: Record<string, string>
  readonly schema: z.ZodType<Body>
  /** the body field that carries the vendor's claimed event time (named by a 422 that refuses it) */
  readonly timeField: string
  verify(raw: RawWebhook, secrets: readonly string[], now: Date): VerifyOutcome
  /** the vendor's message id, unique per party; a repeat of it is a duplicate */
  messageId(raw: RawWebhook, body: Body): string
  toInbound(body: Body, mappings: Mappings): InboundMessage
  /** Baton's outbound message in this vendor's own shape (sent unless the party opts for canonical outbound) */
  readonly outbound: OutboundRendering
  /** signs an outgoing test message as this vendor would (the simulator and tests use it) */
  sign(secret: string, body: string, now: Date, messageId: string): Record<string, string>
}
