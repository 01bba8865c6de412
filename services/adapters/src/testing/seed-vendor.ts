import { eq, sql } from 'drizzle-orm'
import type { PartyConfig } from '@baton/domain'
import {
  allocateIncident,
  bonds,
  desks,
  generateWebhookSecret,
  parties,
  storePartySecret,
  type Database,
} from '@baton/db'

export type Integration = NonNullable<PartyConfig['integration']>
export type SeededVendor = {
  id: string
  slug: string
  inboundSecret: string
  outboundSecret: string
}

const defaults: Omit<Integration, 'dialect'> = {
  inboundSecret: 'generate',
  ratePerSecond: 1000,
  mappings: { priority: {}, state: {} },
}

/** A vendor party with an integration and fresh inbound/outbound secrets (tests, bench, simulator). */
export async function seedVendor(
  db: Database,
  o: {
    slug: string
    masterKey: string
    kind?: string
    integration: Partial<Integration> & Pick<Integration, 'dialect'>
    inboundSecret?: string
    outboundSecret?: string
  }
): Promise<SeededVendor> {
  const integration = { ...defaults, ...o.integration }
  const [row] = await db
    .insert(parties)
    .values({
      slug: o.slug,
      name: o.slug[0]!.toUpperCase() + o.slug.slice(1),
      kind: o.kind ?? 'OTHER',
      dialect: integration.dialect,
      integration,
    })
    .onConflictDoUpdate({
      target: parties.slug,
      set: { integration, dialect: integration.dialect },
    })
    .returning({ id: parties.id })
  await seedDesk(db, row!.id)
  const inboundSecret =
    o.inboundSecret ??
    (integration.dialect === 'canonical' || integration.dialect === 'servicenow'
      ? generateWebhookSecret()
      : `s3cr3t-${o.slug}-${Math.random().toString(36).slice(2)}`)
  const outboundSecret = o.outboundSecret ?? generateWebhookSecret()
  await storePartySecret(db, {
    partyId: row!.id,
    purpose: 'inbound',
    plaintext: inboundSecret,
    masterKey: o.masterKey,
  })
  await storePartySecret(db, {
    partyId: row!.id,
    purpose: 'outbound',
    plaintext: outboundSecret,
    masterKey: o.masterKey,
  })
  return { id: row!.id, slug: o.slug, inboundSecret, outboundSecret }
}

/** An incident held by `holder`, bonded to the vendor (with an optional vendor ref). */
export async function seedBondedIncident(
  db: Database,
  o: {
    clientKey: string
    holder: string
    vendorPartyId: string
    vendorRef?: string | null
    priority?: string
    openedAt?: string
  }
) {
  const inc = await allocateIncident(db, {
    clientKey: o.clientKey,
    title: `Incident ${o.clientKey}`,
    priority: o.priority ?? 'P1',
    holder: o.holder,
    openedAt: o.openedAt ?? new Date().toISOString(),
  })
  const [bond] = await db
    .insert(bonds)
    .values({ incidentId: inc.id, partyId: o.vendorPartyId, vendorRef: o.vendorRef ?? null })
    .onConflictDoNothing()
    .returning({ id: bonds.id })
  return {
    ...inc,
    bondId:
      bond?.id ??
      (await db.select({ id: bonds.id }).from(bonds).where(eq(bonds.incidentId, inc.id)))[0]!.id,
  }
}

/** One 24x7 desk, so the party is a valid world party (loadPinnedWorld). */
export async function seedDesk(db: Database, partyId: string) {
  await db
    .insert(desks)
    .values({
      partyId,
      slug: 'main',
      name: 'Main desk',
      calendarSlug: '24x7-utc',
      timeZone: 'UTC',
      is24x7: true,
      priorities: ['P1', 'P2', 'P3', 'P4'],
    })
    .onConflictDoNothing()
}

/** The retained organisation (no integration), with one desk. */
export async function seedRetained(db: Database, slug = 'northwind') {
  const [row] = await db
    .insert(parties)
    .values({ slug, name: slug, kind: 'RETAINED' })
    .onConflictDoUpdate({ target: parties.slug, set: { kind: 'RETAINED' } })
    .returning({ id: parties.id })
  await seedDesk(db, row!.id)
  return row!.id
}

/**
 * Workflow ids come from incident keys, and every cloned test database starts the key sequence
 * at the same value: move it somewhere random so test files never share a workflow id.
 */
export async function isolateIncidentKeys(db: Database) {
  await db.execute(sql`select setval('incident_key_seq', ${Math.floor(1e6 + Math.random() * 1e9)})`)
}
