import { sql } from 'drizzle-orm'
import type { Database } from '../create-db.ts'

/** Takes one token for a key; resolves 0 when admitted, else the whole seconds to wait (Retry-After). */
export type KeyedRateLimiter = { take(key: string, ratePerSecond: number): Promise<number> }

/** Where the shared buckets live: a table with (<key column> primary key, tokens, refilled_at, granted). */
export type BucketTable = { table: string; key: string }
/** One bucket per vendor party: the adapters' webhook intake. */
export const PARTY_BUCKETS: BucketTable = { table: 'adapter_rate_buckets', key: 'party_id' }
/** One bucket per API token: the gateway's GraphQL requests. */
export const TOKEN_BUCKETS: BucketTable = { table: 'api_token_rate_buckets', key: 'token_id' }

/** Burst of the shared bucket: one second's worth. */
export const bucketCapacity = (ratePerSecond: number) => Math.max(1, ratePerSecond)
/** Tokens a replica leases at once: 1/20 s worth, so the hot path reads Postgres about once every `leaseSize` messages. */
export const leaseSize = (ratePerSecond: number) => Math.max(1, Math.floor(ratePerSecond / 20))

type LocalBucket = {
  tokens: number
  blockedUntil: number
  lease: Promise<void> | undefined
  waiting: number
}

/**
 * A token bucket per key (a party, an API token) shared by every replica through one Postgres row
 * (adapter_rate_buckets, api_token_rate_buckets). Each replica spends tokens from a small local stock and leases the next
 * batch with one atomic upsert, so N replicas together admit at most the party's rate plus the
 * bucket's burst (one second's worth) plus what they hold in stock (under two leases each). Refusals are answered locally
 * until the shared bucket can have refilled one lease, so a flood of 429s costs few queries too.
 */
export class SharedRateLimiter implements KeyedRateLimiter {
  private readonly local = new Map<string, LocalBucket>()

  constructor(
    private readonly db: Database,
    private readonly now: () => number = Date.now,
    private readonly buckets: BucketTable = PARTY_BUCKETS
  ) {}

  async take(partyId: string, ratePerSecond: number): Promise<number> {
    const b = this.bucketOf(partyId)
    // Several requests may wait on one lease; whoever misses the granted tokens leases again, for
    // everyone still waiting at once.
    for (let round = 0; round < 8; round++) {
      if (b.tokens >= 1) {
        b.tokens -= 1
        this.prefetch(partyId, ratePerSecond, b)
        return 0
      }
      const now = this.now()
      if (b.blockedUntil > now) return Math.max(1, Math.ceil((b.blockedUntil - now) / 1000))
      b.waiting++
      try {
        b.lease ??= this.lease(partyId, ratePerSecond, b).finally(() => {
          b.lease = undefined
        })
        await b.lease
      } finally {
        b.waiting--
      }
    }
    return 1
  }

  /** Below half a lease in stock, the next lease starts in the background so callers rarely wait on Postgres. */
  private prefetch(partyId: string, ratePerSecond: number, b: LocalBucket) {
    if (b.lease || b.tokens >= leaseSize(ratePerSecond) / 2 || b.blockedUntil > this.now()) return
    // A failed prefetch is not this caller's error: the next caller that needs a lease meets it.
    b.lease = this.lease(partyId, ratePerSecond, b)
      .catch(() => {})
      .finally(() => {
        b.lease = undefined
      })
  }

  private bucketOf(partyId: string): LocalBucket {
    let b = this.local.get(partyId)
    if (!b) {
      if (this.local.size > 10_000) this.local.clear()
      b = { tokens: 0, blockedUntil: 0, lease: undefined, waiting: 0 }
      this.local.set(partyId, b)
    }
    return b
  }

  private async lease(partyId: string, ratePerSecond: number, b: LocalBucket): Promise<void> {
    const { tokens, granted } = await leaseTokens(
      this.db,
      partyId,
      ratePerSecond,
      Math.max(leaseSize(ratePerSecond), b.waiting),
      this.buckets
    )
    b.tokens += granted
    // Refused: ask again only when a whole lease can have refilled, so an overload costs few queries.
    if (granted === 0)
      b.blockedUntil = this.now() + ((leaseSize(ratePerSecond) - tokens) / ratePerSecond) * 1000
  }
}

/**
 * Refills the key's shared bucket by the time elapsed since its last lease (Postgres's clock, the
 * same for every replica), grants up to `n` whole tokens and returns the grant and what is left.
 * One statement: the row lock serialises concurrent leases.
 */
export async function leaseTokens(
  db: Database,
  partyId: string,
  ratePerSecond: number,
  n: number,
  buckets: BucketTable = PARTY_BUCKETS
): Promise<{ tokens: number; granted: number }> {
  const table = sql.identifier(buckets.table)
  const key = sql.identifier(buckets.key)
  const cap = bucketCapacity(ratePerSecond)
  const available = sql`least(${cap}::float8, b.tokens + ${ratePerSecond}::float8 * greatest(0, extract(epoch from now() - b.refilled_at)::float8))`
  const grant = sql`least(${n}::int, floor(${available})::int)`
  const [row] = await db.execute<{ tokens: number; granted: number }>(sql`
    insert into ${table} as b (${key}, tokens, refilled_at, granted)
    values (${partyId}, ${cap}::float8 - least(${n}::int, floor(${cap}::float8)::int), now(), least(${n}::int, floor(${cap}::float8)::int))
    on conflict (${key}) do update set tokens = ${available} - ${grant}, granted = ${grant}, refilled_at = now()
    returning tokens, granted`)
  if (!row) throw new Error('rate bucket lease returned no row')
  return { tokens: Number(row.tokens), granted: Number(row.granted) }
}
