import { eq } from 'drizzle-orm'
import { activePartySecrets, parties, type Database } from '@baton/db'
import { Integration } from '../parties/party-directory.ts'
import type { SimulatedVendor } from './vendor-simulator.ts'

/** Every party of the applied world that has an integration, with its current secrets, as simulator vendors. */
export async function loadSimulatedVendors(
  db: Database,
  masterKey: string
): Promise<SimulatedVendor[]> {
  const rows = await db
    .select({ id: parties.id, slug: parties.slug, integration: parties.integration })
    .from(parties)
  const vendors: SimulatedVendor[] = []
  for (const row of rows) {
    const integration = row.integration ? Integration.safeParse(row.integration) : null
    if (!integration?.success) continue
    const [inbound] = await activePartySecrets(db, row.id, 'inbound', masterKey)
    const [outbound] = await activePartySecrets(db, row.id, 'outbound', masterKey)
    if (!inbound) continue
    vendors.push({
      slug: row.slug,
      dialect: integration.data.dialect,
      inboundSecret: inbound,
      outboundSecret: outbound ?? '',
      mappings: integration.data.mappings,
      canonicalOutbound: integration.data.canonicalOutbound,
    })
  }
  return vendors
}

/** Points every vendor's outboundUrl (or only those of `only`) at the simulator (demo and tests). */
export async function pointVendorsAt(
  db: Database,
  endpointOf: (slug: string) => string,
  only?: ReadonlySet<string>
): Promise<void> {
  const rows = await db
    .select({ id: parties.id, slug: parties.slug, integration: parties.integration })
    .from(parties)
  for (const row of rows) {
    if (!row.integration || (only && !only.has(row.slug))) continue
    await db
      .update(parties)
      .set({ integration: { ...(row.integration as object), outboundUrl: endpointOf(row.slug) } })
      .where(eq(parties.id, row.id))
  }
}
