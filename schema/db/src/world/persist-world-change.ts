import type { World } from '@baton/domain'
import type { Database } from '../create-db.ts'
import { canonicalJson } from '../ledger/canonical-hash.ts'
import {
  deleteDeskRow,
  deleteLadderRow,
  ladderKey,
  partyIdResolver,
  publishAgreementRow,
  upsertCalendarRow,
  upsertDeskRow,
  upsertLadderRow,
  upsertPartyRow,
  upsertPingPong,
  upsertServiceRow,
} from './upsert-world-entities.ts'

const same = (a: unknown, b: unknown) => canonicalJson(a) === canonicalJson(b)
const bySlug = <T extends { slug: string }>(rows: T[]) => new Map(rows.map((r) => [r.slug, r]))
const partyRow = (p: World['parties'][number]) => ({
  slug: p.slug,
  name: p.name,
  kind: p.kind,
  integration: p.integration,
  authority: p.authority,
})

/**
 * Writes what differs between two worlds through the same per-entity upserts as applyWorld:
 * changed rows are upserted, removed desks and ladders deleted, new agreement versions
 * published (a changed published version is a ServiceError CONFLICT). Secrets are not touched.
 */
export async function persistWorldChange(tx: Database, before: World, after: World): Promise<void> {
  const oldCalendars = bySlug(before.calendars)
  const calendarOf = (slug: string) => after.calendars.find((c) => c.slug === slug)
  const changedCalendars = new Set<string>()
  for (const c of after.calendars) {
    if (same(oldCalendars.get(c.slug), c)) continue
    await upsertCalendarRow(tx, c)
    changedCalendars.add(c.slug)
  }
  const oldParties = bySlug(before.parties)
  for (const p of after.parties) {
    const old = oldParties.get(p.slug)
    const id =
      !old || !same(partyRow(old), partyRow(p))
        ? await upsertPartyRow(tx, p)
        : (await partyIdResolver(tx)(p.slug))!
    const oldDesks = bySlug(old?.desks ?? [])
    // A desk row carries its calendar's zone and 24x7 flag, so a calendar change rewrites its desks.
    for (const d of p.desks)
      if (!same(oldDesks.get(d.slug), d) || changedCalendars.has(d.calendar))
        await upsertDeskRow(tx, { id, slug: p.slug }, d, calendarOf)
    for (const d of oldDesks.keys())
      if (!p.desks.some((x) => x.slug === d)) await deleteDeskRow(tx, { id, slug: p.slug }, d)
  }
  const idOf = partyIdResolver(tx)
  const oldServices = bySlug(before.services)
  for (const s of after.services)
    if (!same(oldServices.get(s.slug), s)) await upsertServiceRow(tx, s, idOf)
  const published = new Map(before.agreements.map((a) => [`${a.slug}@${a.version}`, a]))
  for (const a of after.agreements)
    if (!same(published.get(`${a.slug}@${a.version}`), a)) await publishAgreementRow(tx, a, idOf)
  const oldLadders = new Map(before.ladders.map((l) => [ladderKey(l), l]))
  for (const l of after.ladders)
    if (!same(oldLadders.get(ladderKey(l)), l)) await upsertLadderRow(tx, l, idOf)
  for (const key of oldLadders.keys())
    if (!after.ladders.some((l) => ladderKey(l) === key)) await deleteLadderRow(tx, key)
  if (after.pingPong && !same(before.pingPong, after.pingPong))
    await upsertPingPong(tx, after.pingPong)
}
