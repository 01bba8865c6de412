/**
 * A token bucket per party (rate per second, burst of one second's worth), in process only: N
 * replicas would admit N times the rate. The webhooks use SharedRateLimiter; this one stays as
 * the micro-benchmark's baseline (bench/adapters/rate-limit.bench.ts).
 */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>()

  constructor(private readonly now: () => number = Date.now) {}

  /** Takes one token; returns 0 when admitted, else the seconds to wait. */
  take(key: string, ratePerSecond: number): number {
    const now = this.now()
    const burst = Math.max(1, ratePerSecond)
    const b = this.buckets.get(key) ?? { tokens: burst, at: now }
    b.tokens = Math.min(burst, b.tokens + ((now - b.at) / 1000) * ratePerSecond)
    b.at = now
    this.buckets.set(key, b)
    if (b.tokens >= 1) {
      b.tokens -= 1
      return 0
    }
    return Math.ceil((1 - b.tokens) / ratePerSecond)
  }
}
