// The shared token bucket lives in @baton/db (the gateway limits API tokens with it too); the
// adapters limit each vendor party's webhooks with its party buckets (adapter_rate_buckets).
export {
  SharedRateLimiter,
  leaseTokens,
  bucketCapacity,
  leaseSize,
  type KeyedRateLimiter as PartyRateLimiter,
} from '@baton/db'
