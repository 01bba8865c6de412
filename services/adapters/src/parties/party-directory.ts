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
  private readonly loading = new Map<string, Promise<KnownParty | null>>()
  /** bumped by invalidate: a load that began before it does not fill the cache */
  private generation = 0

  constructor(
    private readonly db: Database,
    private readonly masterKey: string,
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now
  ) {}

  async get(slug: string): Promise<KnownParty | null> {
    const hit = this.cache.get(slug)
    if (hit && this.now() - hit.loadedAt < this.ttlMs) return hit.party
    return this.load(slug)
  }

  /** Reloads when the cached entry is older than minAgeMs; returns null when it is fresher. */
  async refresh(slug: string, minAgeMs = 1000): Promise<KnownParty | null> {
    const hit = this.cache.get(slug)
    if (hit && this.now() - hit.loadedAt < minAgeMs) return null
    return this.load(slug)
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

  private load(slug: string): Promise<KnownParty | null> {
    const inFlight = this.loading.get(slug)
    if (inFlight) return inFlight
    const loading = this.read(slug, this.generation).finally(() => {
      if (this.loading.get(slug) === loading) this.loading.delete(slug)
    })
    this.loading.set(slug, loading)
    return loading
  }

  private async read(slug: string, generation: number): Promise<KnownParty | null> {
    const loadedAt = this.now()
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
    if (this.cache.size > 10_000) this.cache.clear()
    this.cache.set(slug, { party, loadedAt })
    return party
  }
}
