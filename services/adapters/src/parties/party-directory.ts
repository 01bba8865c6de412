import { eq } from 'drizzle-orm'
import type { z } from 'zod'
import { AuthorityOverrides, PartyConfig, PartyKind } from '@baton/domain'
import { activePartySecrets, parties, type Database } from '@baton/db'

export const Integration = PartyConfig.shape.integration.unwrap()
export type Integration = z.infer<typeof Integration>

/** kind and authority: what the authority table reads of the party (webhooks/intake/enforce-authority.ts). */
export type KnownParty = {
  id: string
  slug: string
  name: string
  kind: PartyKind
  authority?: AuthorityOverrides
  integration: Integration
  inboundSecrets: string[]
  loadedAt: number
}

/**
 * Parties by slug with their decrypted inbound secrets, cached briefly so the hot path reads no
 * configuration. A signature failure may refresh an entry early (a rotation just happened). One
 * load per slug at a time: the requests that find an entry expired together wait for the same
 * load (under 50 concurrent webhooks an expiry otherwise sent up to 50 pairs of queries).
 */
export class PartyDirectory {
  private readonly cache = new Map<string, { party: KnownParty | null; loadedAt: number }>()
  private readonly loading = new Map<
    string,
    { party: Promise<KnownParty | null>; startedAt: number }
  >()
  /** bumped by invalidate: a load that began before it does not fill the cache */
  private generation = 0

  constructor(
    private readonly db: Database,
    private readonly masterKey: string,
    private readonly ttlMs: number,
    /** the directory's clock; a request notes it on arrival for refresh() */
    readonly now: () => number = Date.now
  ) {}

  async get(slug: string): Promise<KnownParty | null> {
    const hit = this.cache.get(slug)
    if (hit && this.now() - hit.loadedAt < this.ttlMs) return hit.party
    return this.load(slug)
  }

  /**
   * After a signature failure: the party as read at or after `arrivedAt` (the request's arrival on
   * this clock), so a secret rotated before the request came is seen. A load already in flight is
   * joined only when it began at or after `arrivedAt`; one that began earlier may have read the
   * secrets before the rotation. Returns null when the cached entry predates `arrivedAt` but is
   * younger than minAgeMs: bad signatures cannot make Baton reload a party more than once a
   * second.
   */
  async refresh(slug: string, arrivedAt: number, minAgeMs = 1000): Promise<KnownParty | null> {
    const hit = this.cache.get(slug)
    if (hit && hit.loadedAt >= arrivedAt) return hit.party
    if (hit && this.now() - hit.loadedAt < minAgeMs) return null
    return this.load(slug, arrivedAt)
  }

  invalidate(slug?: string) {
    this.generation++
    if (slug) {
      this.cache.delete(slug)
      this.loading.delete(slug)
    } else {
      this.cache.clear()
      this.loading.clear()
    }
  }

  private load(slug: string, notBefore = -Infinity): Promise<KnownParty | null> {
    const inFlight = this.loading.get(slug)
    if (inFlight && inFlight.startedAt >= notBefore) return inFlight.party
    const startedAt = this.now()
    const loading = {
      startedAt,
      party: this.read(slug, this.generation, startedAt).finally(() => {
        if (this.loading.get(slug) === loading) this.loading.delete(slug)
      }),
    }
    this.loading.set(slug, loading)
    return loading.party
  }

  private async read(
    slug: string,
    generation: number,
    loadedAt: number
  ): Promise<KnownParty | null> {
    if (!/^[a-z0-9][a-z0-9-]{0,62}$/.test(slug)) return null
    const [row] = await this.db
      .select({
        id: parties.id,
        slug: parties.slug,
        name: parties.name,
        kind: parties.kind,
        authority: parties.authority,
        integration: parties.integration,
      })
      .from(parties)
      .where(eq(parties.slug, slug))
    const integration = row?.integration ? Integration.safeParse(row.integration) : null
    const authority = AuthorityOverrides.safeParse(row?.authority ?? undefined)
    const party =
      row && integration?.success
        ? {
            id: row.id,
            slug: row.slug,
            name: row.name,
            kind: PartyKind.catch('OTHER').parse(row.kind),
            ...(authority.success && authority.data ? { authority: authority.data } : {}),
            integration: integration.data,
            inboundSecrets: await activePartySecrets(this.db, row.id, 'inbound', this.masterKey),
            loadedAt,
          }
        : null
    if (generation !== this.generation) return party
    const cached = this.cache.get(slug)
    if (cached && cached.loadedAt > loadedAt) return party // a later load finished first
    if (this.cache.size > 10_000) this.cache.clear()
    this.cache.set(slug, { party, loadedAt })
    return party
  }
}
