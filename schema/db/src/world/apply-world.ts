import type { World } from '@baton/domain'
import type { Database } from '../create-db.ts'
import { storePartySecret, usablePartySecrets } from '../secrets/party-secrets.ts'
import { generateWebhookSecret } from '../secrets/secret-box.ts'
import {
  lockWorld,
  partyIdResolver,
  publishAgreementRow,
  upsertCalendarRow,
  upsertDeskRow,
  upsertLadderRow,
  upsertPartyRow,
  upsertPingPong,
  upsertServiceRow,
} from './upsert-world-entities.ts'

export type ApplyWorldOptions = {
  masterKey: string
  /** Resolves 'env:' and 'file:' references; 'generate' is handled here. */
  resolveSecret: (ref: string) => string
}
export type ApplySummary = {
  secretsUnreadable: number
  calendars: number
  parties: number
  desks: number
  services: number
  agreementsPublished: number
  agreementsUnchanged: number
  ladders: number
  secretsStored: number
}

/** Applies the world idempotently: the same file twice changes nothing the second time. */
export async function applyWorld(
  db: Database,
  world: World,
  o: ApplyWorldOptions
): Promise<ApplySummary> {
  const summary: ApplySummary = {
    secretsUnreadable: 0,
    calendars: 0,
    parties: 0,
    desks: 0,
    services: 0,
    agreementsPublished: 0,
    agreementsUnchanged: 0,
    ladders: 0,
    secretsStored: 0,
  }
  const calendarBySlug = new Map(world.calendars.map((c) => [c.slug, c]))
  await db.transaction(async (transaction) => {
    const tx = transaction as unknown as Database
    await lockWorld(tx)
    for (const c of world.calendars) {
      await upsertCalendarRow(tx, c)
      summary.calendars++
    }
    const partyIds = new Map<string, string>()
    for (const p of world.parties) {
      const id = await upsertPartyRow(tx, p)
      partyIds.set(p.slug, id)
      summary.parties++
      for (const d of p.desks) {
        await upsertDeskRow(tx, { id, slug: p.slug }, d, (slug) => calendarBySlug.get(slug))
        summary.desks++
      }
      if (p.integration) {
        for (const [purpose, ref] of [
          ['inbound', p.integration.inboundSecret],
          ['outbound', p.integration.outboundSecret],
        ] as const) {
          if (!ref) continue
          const { secrets: current, retired } = await usablePartySecrets(
            tx,
            id,
            purpose,
            o.masterKey
          )
          summary.secretsUnreadable += retired
          const wanted =
            ref === 'generate' ? (current[0] ?? generateWebhookSecret()) : o.resolveSecret(ref)
          if (current[0] !== wanted) {
            await storePartySecret(tx, {
              partyId: id,
              purpose,
              plaintext: wanted,
              masterKey: o.masterKey,
            })
            summary.secretsStored++
          }
        }
      }
    }
    const idOf = partyIdResolver(tx, partyIds)
    for (const s of world.services) {
      await upsertServiceRow(tx, s, idOf)
      summary.services++
    }
    for (const a of world.agreements) {
      if ((await publishAgreementRow(tx, a, idOf)) === 'published') summary.agreementsPublished++
      else summary.agreementsUnchanged++
    }
    for (const l of world.ladders) {
      await upsertLadderRow(tx, l, idOf)
      summary.ladders++
    }
    if (world.pingPong) await upsertPingPong(tx, world.pingPong)
  })
  return summary
}
