import { createHash } from 'node:crypto'
import { asc, eq, inArray, or } from 'drizzle-orm'
import { computeIncidentView, partyTouched, type World } from '@baton/domain'
import type { Database } from '../create-db.ts'
import { parties } from '../tables/config.ts'
import { bonds, escalations, handoffs, inboundReceipts, incidents, ledgerEntries } from '../tables/incidents.ts'
import { outboundDeliveries } from '../tables/adapters.ts'
import { creditLines, disputes, incidentAttributions, incidentSettlements } from '../tables/accountability.ts'
import { loadWorld } from '../world/load-world.ts'
import { loadScoredIncidents } from './load-scored-incidents.ts'
import { AccountabilityError } from './accountability-error.ts'

export const EXPORT_FORMAT = 'baton-party-export/1'
/** File names in dependency order: an import reads them in this order. */
export const EXPORT_FILES = ['world.ndjson', 'incidents.ndjson', 'custody.ndjson', 'clocks.ndjson', 'handoffs.ndjson', 'bonds.ndjson', 'messages.ndjson', 'escalations.ndjson', 'settlements.ndjson', 'attributions.ndjson', 'disputes.ndjson', 'credit-lines.ndjson', 'ledger.ndjson'] as const
export type ExportFileName = (typeof EXPORT_FILES)[number]
export type ExportManifest = { format: string; party: string; exportedAt: string; files: Array<{ name: string; count: number; sha256: string }> }
export type PartyExport = { manifest: ExportManifest; files: Record<ExportFileName, string> }

export const sha256 = (text: string) => createHash('sha256').update(text).digest('hex')
const ndjson = (rows: readonly unknown[]) => rows.map((r) => JSON.stringify(r) + '\n').join('')

// Party references are slugs in the export: ids of parties differ between installations.
const withSlugs = <T extends Record<string, unknown>>(row: T, slugOf: Map<string, string>, fields: Array<keyof T>) => {
  const out: Record<string, unknown> = { ...row }
  for (const f of fields) { const v = row[f]; out[f as string] = typeof v === 'string' ? (slugOf.get(v) ?? v) : v }
  return out
}

/**
 * Everything about one party (exit readiness): the incidents it touched with their custody,
 * clocks, hand-offs, bonds and messages, settlements, credits, disputes and the hash-chained
 * ledger, plus the world they were judged under (secrets never leave: references only).
 */
export async function exportParty(db: Database, partySlug: string, o: { now?: Date } = {}): Promise<PartyExport> {
  const world = await loadWorld(db)
  const party = world.parties.find((p) => p.slug === partySlug)
  if (!party) throw new AccountabilityError('NOT_FOUND', `party '${partySlug}' does not exist`)
  const now = o.now ?? new Date()
  const scored = await loadScoredIncidents(db, world, { asOf: now })
  const touched = scored.filter((i) => partyTouched(partySlug, computeIncidentView({ events: i.events, world: i.world }, i.settled ? new Date(i.events.at(-1)!.at) : now), i.clocks, party.kind === 'RETAINED'))
  const ids = touched.map((i) => i.id)
  const none = ['00000000-0000-0000-0000-000000000000']
  const inIds = ids.length ? ids : none
  const partyRows = await db.select({ id: parties.id, slug: parties.slug }).from(parties)
  const slugOf = new Map(partyRows.map((p) => [p.id, p.slug]))
  const partyId = partyRows.find((p) => p.slug === partySlug)!.id
  const [incidentRows, handoffRows, bondRows, receipts, outbound, escalationRows, settlements, attributions, disputeRows, lines, ledger] = await Promise.all([
    db.select().from(incidents).where(inArray(incidents.id, inIds)).orderBy(asc(incidents.openedAt), asc(incidents.key)),
    db.select().from(handoffs).where(inArray(handoffs.incidentId, inIds)).orderBy(asc(handoffs.offeredAt), asc(handoffs.id)),
    db.select().from(bonds).where(inArray(bonds.incidentId, inIds)).orderBy(asc(bonds.createdAt), asc(bonds.id)),
    db.select().from(inboundReceipts).where(or(eq(inboundReceipts.partyId, partyId), inArray(inboundReceipts.incidentId, inIds))).orderBy(asc(inboundReceipts.id)),
    db.select().from(outboundDeliveries).where(inArray(outboundDeliveries.incidentId, inIds)).orderBy(asc(outboundDeliveries.createdAt), asc(outboundDeliveries.idempotencyKey)),
    db.select().from(escalations).where(inArray(escalations.incidentId, inIds)).orderBy(asc(escalations.at), asc(escalations.idempotencyKey)),
    db.select().from(incidentSettlements).where(inArray(incidentSettlements.incidentId, inIds)).orderBy(asc(incidentSettlements.closedAt)),
    db.select().from(incidentAttributions).where(inArray(incidentAttributions.incidentId, inIds)).orderBy(asc(incidentAttributions.id)),
    db.select().from(disputes).where(inArray(disputes.incidentId, inIds)).orderBy(asc(disputes.openedAt)),
    db.select().from(creditLines).where(inArray(creditLines.incidentId, inIds)).orderBy(asc(creditLines.id)),
    db.select().from(ledgerEntries).where(inArray(ledgerEntries.incidentId, inIds)).orderBy(asc(ledgerEntries.incidentId), asc(ledgerEntries.seq)),
  ])
  const key = new Map(touched.map((i) => [i.id, i.key]))
  const files: Record<ExportFileName, string> = {
    'world.ndjson': ndjson([world satisfies World]),
    'incidents.ndjson': ndjson(incidentRows.map((r) => withSlugs(r, slugOf, ['holderPartyId']))),
    'custody.ndjson': ndjson(touched.flatMap((i) => computeIncidentView({ events: i.events, world: i.world }, i.settled ? new Date(i.events.at(-1)!.at) : now).custody.segments.map((s) => ({ incidentKey: i.key, ...s })))),
    'clocks.ndjson': ndjson(touched.flatMap((i) => i.clocks.map((c) => ({ incidentKey: i.key, settled: i.settled, ...c })))),
    'handoffs.ndjson': ndjson(handoffRows.map((r) => withSlugs(r, slugOf, ['fromPartyId', 'toPartyId']))),
    'bonds.ndjson': ndjson(bondRows.map((r) => withSlugs(r, slugOf, ['partyId']))),
    'messages.ndjson': ndjson([
      ...receipts.map((r) => ({ direction: 'in', ...withSlugs(r, slugOf, ['partyId']) })),
      ...outbound.map((r) => ({ direction: 'out', ...withSlugs(r, slugOf, ['partyId']) })),
    ]),
    'escalations.ndjson': ndjson(escalationRows.map((r) => withSlugs(r, slugOf, ['partyId']))),
    'settlements.ndjson': ndjson(settlements),
    'attributions.ndjson': ndjson(attributions.map(({ id: _id, ...r }) => r)),
    'disputes.ndjson': ndjson(disputeRows),
    'credit-lines.ndjson': ndjson(lines.map(({ id: _id, ...r }) => ({ incidentKey: key.get(r.incidentId), ...r }))),
    'ledger.ndjson': ndjson(ledger),
  }
  const count = (text: string) => (text === '' ? 0 : text.split('\n').length - 1)
  const manifest: ExportManifest = { format: EXPORT_FORMAT, party: partySlug, exportedAt: now.toISOString(), files: EXPORT_FILES.map((name) => ({ name, count: count(files[name]), sha256: sha256(files[name]) })) }
  return { manifest, files }
}
