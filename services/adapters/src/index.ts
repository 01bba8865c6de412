export {
  createAdaptersApp,
  createAdaptersAppWithState,
  type AdaptersApp,
} from './app/create-adapters-app.ts'
export type { AdaptersDeps } from './app/adapters-deps.ts'
export { ServiceError, isStoreUnavailable, type ServiceErrorCode } from './app/service-error.ts'
export { AdaptersConfig, loadAdaptersConfig } from './config.ts'
export {
  sweepReceipts,
  type SweepDeps,
  type SweepResult,
} from './webhooks/signalling/sweep-receipts.ts'
export { signalMessageId } from './webhooks/receipts/record-slow-path.ts'
export {
  ReceiptRelay,
  RECEIPTS_CHANNEL,
  type RelayOptions,
} from './webhooks/signalling/receipt-relay.ts'
export {
  createDeliveryActivities,
  DELIVERY_FAILURE_TYPES,
  type DeliveryDeps,
} from './delivery/create-delivery-activities.ts'
export {
  createDeliveryWorker,
  type CreateDeliveryWorkerOptions,
} from './delivery/create-delivery-worker.ts'
export { OutboundMessage, OutboundType } from './delivery/outbound-message.ts'
export { backoffMs } from './delivery/backoff.ts'
export { dialects, dialectOf } from './dialects/registry.ts'
export type { VendorDialect, RawWebhook } from './dialects/vendor-dialect.ts'
export { InboundType, type InboundMessage } from './dialects/inbound-message.ts'
export {
  signStandardWebhook,
  standardWebhookHeaders,
  verifyStandardWebhook,
} from './signing/standard-webhooks.ts'
export { hmacHex } from './signing/hmac-hex.ts'
export { buildOpenApiDocument } from './openapi/openapi-document.ts'
export { listDeadLetters, replayDeadLetter, discardDeadLetter } from './admin/dead-letters.ts'
export { integrationHealth, setEndpointState } from './admin/integration-health.ts'
export { RateLimiter } from './parties/rate-limiter.ts'
export {
  SharedRateLimiter,
  leaseTokens,
  bucketCapacity,
  leaseSize,
  type PartyRateLimiter,
} from './parties/shared-rate-limiter.ts'
