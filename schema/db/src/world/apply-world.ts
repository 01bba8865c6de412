import { and, eq, sql } from 'drizzle-orm'
import type { CalendarConfig, World } from '@baton/domain'
import type { Database } from '../create-db.ts'
import { agreements, calendars, desks, ladders, parties, services, worldSettings } from '../schema.ts'
import { storePartySecret, usablePartySecrets } from '../secrets/party-secrets.ts'
import { canonicalJson } from '../canonical-hash.ts'
import { generateWebhookSecret } from '../secrets/secret-box.ts'

export type ApplyWorldOptions = {
  masterKey: string
  /** Resolves 'env:' and 'file:' references; 'generate' is handled here. */
  resolveSecret: (ref: string) => string
}
export type ApplySummary = { secretsUnreadable: number; calendars: number; parties: number; desks: number; services: number; agreementsPublished: number; agreementsUnchanged: number; ladders: number; secretsStored: number }

export class WorldConflictError extends Error {}

const is24x7 = (c: CalendarConfig) => (['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const)
  .every((d) => c.week[d]?.some((w) => w.start === '00:00' && w.end === '24:00')) && c.holidays.length === 0

/** Applies the world idempotently: the same file twice changes nothing the second time. */
export async function applyWorld(db: Database, world: World, o: ApplyWorldOptions): Promise<ApplySummary> {
  const summary: ApplySummary = { secretsUnreadable: 0, calendars: 0, parties: 0, desks: 0, services: 0, agreementsPublished: 0, agreementsUnchanged: 0, ladders: 0, secretsStored: 0 }
  const calendarBySlug = new Map(world.calendars.map((c) => [c.slug, c]))
  await db.transaction(async (tx) => {
    for (const c of world.calendars) {
      await tx.insert(calendars).values({ slug: c.slug, timeZone: c.timeZone, config: c }).onConflictDoUpdate({ target: calendars.slug, set: { timeZone: c.timeZone, config: c } })
      summary.calendars++
    }
    const partyIds = new Map<string, string>()
    for (const p of world.parties) {
      const values = { name: p.name, kind: p.kind, dialect: p.integration?.dialect ?? null, integration: p.integration ?? null, updatedAt: sql`now()` }
      const [row] = await tx.insert(parties).values({ slug: p.slug, ...values }).onConflictDoUpdate({ target: parties.slug, set: values }).returning({ id: parties.id })
      partyIds.set(p.slug, row!.id)
      summary.parties++
      for (const d of p.desks) {
        const cal = calendarBySlug.get(d.calendar)
        if (!cal) throw new WorldConflictError(`desk ${p.slug}/${d.slug} names unknown calendar '${d.calendar}'`)
        const deskValues = { name: d.name, calendarSlug: d.calendar, timeZone: cal.timeZone, is24x7: is24x7(cal), priorities: d.priorities, contacts: d.contacts }
        await tx.insert(desks).values({ partyId: row!.id, slug: d.slug, ...deskValues }).onConflictDoUpdate({ target: [desks.partyId, desks.slug], set: deskValues })
        summary.desks++
      }
      if (p.integration) {
        for (const [purpose, ref] of [['inbound', p.integration.inboundSecret], ['outbound', p.integration.outboundSecret]] as const) {
          if (!ref) continue
          const { secrets: current, retired } = await usablePartySecrets(tx as unknown as Database, row!.id, purpose, o.masterKey)
          summary.secretsUnreadable += retired
          const wanted = ref === 'generate' ? (current[0] ?? generateWebhookSecret()) : o.resolveSecret(ref)
          if (current[0] !== wanted) { await storePartySecret(tx as unknown as Database, { partyId: row!.id, purpose, plaintext: wanted, masterKey: o.masterKey }); summary.secretsStored++ }
        }
      }
    }
    const idOf = async (slug: string) => partyIds.get(slug) ?? (await tx.select({ id: parties.id }).from(parties).where(eq(parties.slug, slug)))[0]?.id
    for (const s of world.services) {
      const owner = await idOf(s.owner)
      if (!owner) throw new WorldConflictError(`service ${s.slug} names unknown owner '${s.owner}'`)
      await tx.insert(services).values({ slug: s.slug, name: s.name, ownerPartyId: owner, providers: s.providers }).onConflictDoUpdate({ target: services.slug, set: { name: s.name, ownerPartyId: owner, providers: s.providers } })
      summary.services++
    }
    for (const a of world.agreements) {
      const [existing] = await tx.select({ config: agreements.config }).from(agreements).where(and(eq(agreements.slug, a.slug), eq(agreements.version, a.version)))
      if (existing) {
        if (canonicalJson(existing.config) !== canonicalJson(a)) throw new WorldConflictError(`agreement ${a.slug} version ${a.version} is published and immutable; publish version ${a.version + 1} instead`)
        summary.agreementsUnchanged++
        continue
      }
      const provider = a.provider === '*' ? null : await idOf(a.provider)
      const customer = !a.customer || a.customer === '*' ? null : await idOf(a.customer)
      await tx.insert(agreements).values({ slug: a.slug, version: a.version, name: a.name, kind: a.kind, providerPartyId: provider ?? null, customerPartyId: customer ?? null, effectiveFrom: new Date(a.effectiveFrom), config: a })
      summary.agreementsPublished++
    }
    for (const l of world.ladders) {
      const partyId = await idOf(l.party)
      if (!partyId) throw new WorldConflictError(`ladder names unknown party '${l.party}'`)
      const key = `${l.party}:${[...l.priority].sort().join(',')}`
      await tx.insert(ladders).values({ partyId, key, config: l }).onConflictDoUpdate({ target: ladders.key, set: { config: l } })
      summary.ladders++
    }
    if (world.pingPong) await tx.insert(worldSettings).values({ key: 'pingPong', value: world.pingPong }).onConflictDoUpdate({ target: worldSettings.key, set: { value: world.pingPong } })
  })
  return summary
}
