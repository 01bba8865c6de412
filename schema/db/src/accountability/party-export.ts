import { createHash } from 'node:crypto'
import { asc, eq, inArray, or } from 'drizzle-orm'
import {
  computeIncidentView,
  escalationPartiesOf,
  ledgerDataForParty,
  partyTouched,
  worldForParty,
  type World,
  ServiceError,
} from '@baton/domain'
import type { Database } from '../create-db.ts'
import { parties } from '../tables/config.ts'
import {
  bonds,
  escalations,
  handoffs,
  inboundReceipts,
  incidents,
  ledgerEntries,
} from '../tables/incidents.ts'
import { outboundDeliveries } from '../tables/adapters.ts'
import {
  creditLines,
  disputes,
  incidentAttributions,
  incidentSettlements,
} from '../tables/accountability.ts'
import { loadWorld } from '../world/load-world.ts'
import { ledgerHeads } from '../tables/ledger-anchors.ts'
import { loadScoredIncidents } from './load-scored-incidents.ts'
import { signText, type SigningKey } from '../signing/ed25519-signing-key.ts'
import { verifyLedger, type LedgerProblem } from '../ledger/verify-ledger.ts'

export const EXPORT_FORMAT = 'baton-party-export/2'
/** Data files in dependency order: an import reads them in this order. */
export const EXPORT_FILES = [
  'world.ndjson',
  'incidents.ndjson',
  'custody.ndjson',
  'clocks.ndjson',
  'handoffs.ndjson',
  'bonds.ndjson',
  'messages.ndjson',
  'escalations.ndjson',
  'settlements.ndjson',
  'attributions.ndjson',
  'disputes.ndjson',
  'credit-lines.ndjson',
  'ledger.ndjson',
] as const
export type ExportFileName = (typeof EXPORT_FILES)[number]
/** The signed manifest, its detached signature (base64) and the public key that checks it. */
export const MANIFEST_FILE = 'manifest.json'
export const SIGNATURE_FILE = 'manifest.sig'
export const PUBLIC_KEY_FILE = 'export-key.pem'
export type LedgerHead = { incidentId: string; seq: number; hash: string }
export type ExportManifest = {
  format: string
  party: string
  exportedAt: string
  /** 'party': what that vendor may see (redacted); 'full': the retained organisation's whole record */
  view: 'party' | 'full'
  keyId: string
  files: Array<{ name: string; count: number; sha256: string }>
  /**
   * entries exported, how many of them have withheld data, each incident's head as Baton holds it,
   * and each incident whose stored chain Baton found broken at export (verifyLedger: an entry's
   * stored hash against its full content), so an edit of an entry shown redacted is still named
   */
  ledger: {
    entries: number
    redacted: number
    heads: LedgerHead[]
    brokenAtExport: LedgerProblem[]
  }
}
/** `files` holds every file of the export directory, the manifest, signature and key included. */
export type PartyExport = { manifest: ExportManifest; files: Record<string, string> }

export const sha256 = (text: string) => createHash('sha256').update(text).digest('hex')
const ndjson = (rows: readonly unknown[]) => rows.map((r) => JSON.stringify(r) + '\n').join('')

// Party references are slugs in the export: ids of parties differ between installations.
const withSlugs = <T extends Record<string, unknown>>(
  row: T,
  slugOf: Map<string, string>,
  fields: Array<keyof T>
) => {
  const out: Record<string, unknown> = { ...row }
  for (const f of fields) {
    const v = row[f]
    out[f as string] = typeof v === 'string' ? (slugOf.get(v) ?? v) : v
  }
  return out
}

/**
 * Everything one party may see about the incidents it touched (exit readiness): their custody,
 * clocks, hand-offs, its own bonds and messages, settlements, its credits and disputes and the
 * hash-chained ledger, plus the world they were judged under (secrets never leave: references
 * only). A vendor's export is its own view: other parties' contacts, channels, endpoints,
 * bonds, messages, credits and disputes stay out, and ledger entries carrying them are shown
 * redacted (flagged `redacted`, hash as recorded). The retained organisation's export is whole.
 * The manifest lists every file with its sha256 and each incident's ledger head as recorded at
 * every append (ledger_heads: a tail removed behind the trigger shows), each chain problem Baton
 * found checking the full chains at export (an entry edited behind the trigger, even one this
 * party sees redacted, is named at its seq), and is signed with
 * Baton's Ed25519 key, so nothing can be removed or re-listed without breaking the signature.
 */
export async function exportParty(
  db: Database,
  partySlug: string,
  o: { now?: Date; signingKey: SigningKey }
): Promise<PartyExport> {
  const world = await loadWorld(db)
  const party = world.parties.find((p) => p.slug === partySlug)
  if (!party) throw new ServiceError('NOT_FOUND', `party '${partySlug}' does not exist`)
  const full = party.kind === 'RETAINED'
  const now = o.now ?? new Date()
  const scored = await loadScoredIncidents(db, world, { asOf: now })
  const touched = scored.filter((i) =>
    partyTouched(
      partySlug,
      computeIncidentView(
        { events: i.events, world: i.world },
        i.settled ? new Date(i.events.at(-1)!.at) : now
      ),
      i.clocks,
      full
    )
  )
  const ids = touched.map((i) => i.id)
  const none = ['00000000-0000-0000-0000-000000000000']
  const inIds = ids.length ? ids : none
  const partyRows = await db.select({ id: parties.id, slug: parties.slug }).from(parties)
  const slugOf = new Map(partyRows.map((p) => [p.id, p.slug]))
  const partyId = partyRows.find((p) => p.slug === partySlug)!.id
  const own = <T>(rows: T[], isOwn: (r: T) => boolean) => (full ? rows : rows.filter(isOwn))
  const [
    incidentRows,
    handoffRows,
    bondRows,
    receipts,
    outbound,
    escalationRows,
    settlements,
    attributions,
    disputeRows,
    lines,
    ledger,
    heads,
  ] = await Promise.all([
    db
      .select()
      .from(incidents)
      .where(inArray(incidents.id, inIds))
      .orderBy(asc(incidents.openedAt), asc(incidents.key)),
    db
      .select()
      .from(handoffs)
      .where(inArray(handoffs.incidentId, inIds))
      .orderBy(asc(handoffs.offeredAt), asc(handoffs.id)),
    db
      .select()
      .from(bonds)
      .where(inArray(bonds.incidentId, inIds))
      .orderBy(asc(bonds.createdAt), asc(bonds.id)),
    db
      .select()
      .from(inboundReceipts)
      .where(
        full
          ? or(eq(inboundReceipts.partyId, partyId), inArray(inboundReceipts.incidentId, inIds))
          : eq(inboundReceipts.partyId, partyId)
      )
      .orderBy(asc(inboundReceipts.id)),
    db
      .select()
      .from(outboundDeliveries)
      .where(inArray(outboundDeliveries.incidentId, inIds))
      .orderBy(asc(outboundDeliveries.createdAt), asc(outboundDeliveries.idempotencyKey)),
    db
      .select()
      .from(escalations)
      .where(inArray(escalations.incidentId, inIds))
      .orderBy(asc(escalations.at), asc(escalations.idempotencyKey)),
    db
      .select()
      .from(incidentSettlements)
      .where(inArray(incidentSettlements.incidentId, inIds))
      .orderBy(asc(incidentSettlements.closedAt)),
    db
      .select()
      .from(incidentAttributions)
      .where(inArray(incidentAttributions.incidentId, inIds))
      .orderBy(asc(incidentAttributions.id)),
    db
      .select()
      .from(disputes)
      .where(inArray(disputes.incidentId, inIds))
      .orderBy(asc(disputes.openedAt)),
    db
      .select()
      .from(creditLines)
      .where(inArray(creditLines.incidentId, inIds))
      .orderBy(asc(creditLines.id)),
    db
      .select()
      .from(ledgerEntries)
      .where(inArray(ledgerEntries.incidentId, inIds))
      .orderBy(asc(ledgerEntries.incidentId), asc(ledgerEntries.seq)),
    db
      .select({ incidentId: ledgerHeads.incidentId, seq: ledgerHeads.seq, hash: ledgerHeads.hash })
      .from(ledgerHeads)
      .where(inArray(ledgerHeads.incidentId, inIds))
      .orderBy(asc(ledgerHeads.incidentId)),
  ])
  const key = new Map(touched.map((i) => [i.id, i.key]))
  // The party cannot re-hash what it may not see: Baton checks every exported chain in full here.
  const brokenAtExport: LedgerProblem[] = []
  for (const id of ids) {
    const v = await verifyLedger(db, id)
    if (v.problem) brokenAtExport.push(v.problem)
  }
  const ledgerLines = full ? ledger : partyLedger(partySlug, ledger)
  const files: Record<ExportFileName, string> = {
    'world.ndjson': ndjson([worldForParty(world, partySlug) satisfies World]),
    'incidents.ndjson': ndjson(incidentRows.map((r) => withSlugs(r, slugOf, ['holderPartyId']))),
    'custody.ndjson': ndjson(
      touched.flatMap((i) =>
        computeIncidentView(
          { events: i.events, world: i.world },
          i.settled ? new Date(i.events.at(-1)!.at) : now
        ).custody.segments.map((s) => ({ incidentKey: i.key, ...s }))
      )
    ),
    'clocks.ndjson': ndjson(
      touched.flatMap((i) =>
        i.clocks.map((c) => ({ incidentKey: i.key, settled: i.settled, ...c }))
      )
    ),
    'handoffs.ndjson': ndjson(
      handoffRows.map((r) => withSlugs(r, slugOf, ['fromPartyId', 'toPartyId']))
    ),
    'bonds.ndjson': ndjson(
      own(bondRows, (r) => r.partyId === partyId).map((r) => withSlugs(r, slugOf, ['partyId']))
    ),
    'messages.ndjson': ndjson([
      ...receipts.map((r) => ({ direction: 'in', ...withSlugs(r, slugOf, ['partyId']) })),
      ...own(outbound, (r) => r.partyId === partyId).map((r) => ({
        direction: 'out',
        ...withSlugs(r, slugOf, ['partyId']),
      })),
    ]),
    'escalations.ndjson': ndjson(
      escalationRows
        .map((r) =>
          full || r.partyId === partyId
            ? r
            : { ...r, recipients: [], to: r.to && [], recipientsWithheld: r.recipients.length }
        )
        .map((r) => withSlugs(r, slugOf, ['partyId']))
    ),
    'settlements.ndjson': ndjson(
      settlements.map((s) =>
        full
          ? s
          : {
              ...s,
              world: worldForParty(s.world as World, partySlug),
              credits: (s.credits as Array<{ party: string }>).filter((c) => c.party === partySlug),
            }
      )
    ),
    'attributions.ndjson': ndjson(attributions.map(({ id: _id, ...r }) => r)),
    'disputes.ndjson': ndjson(own(disputeRows, (r) => r.party === partySlug)),
    'credit-lines.ndjson': ndjson(
      own(lines, (r) => r.party === partySlug).map(({ id: _id, ...r }) => ({
        incidentKey: key.get(r.incidentId),
        ...r,
      }))
    ),
    'ledger.ndjson': ndjson(ledgerLines),
  }
  const count = (text: string) => (text === '' ? 0 : text.split('\n').length - 1)
  const manifest: ExportManifest = {
    format: EXPORT_FORMAT,
    party: partySlug,
    exportedAt: now.toISOString(),
    view: full ? 'full' : 'party',
    keyId: o.signingKey.keyId,
    files: EXPORT_FILES.map((name) => ({
      name,
      count: count(files[name]),
      sha256: sha256(files[name]),
    })),
    ledger: {
      entries: ledgerLines.length,
      redacted: ledgerLines.filter((l) => l.redacted).length,
      heads,
      brokenAtExport,
    },
  }
  const manifestText = JSON.stringify(manifest, null, 2) + '\n'
  return {
    manifest,
    files: {
      ...files,
      [MANIFEST_FILE]: manifestText,
      [SIGNATURE_FILE]: signText(o.signingKey, manifestText) + '\n',
      [PUBLIC_KEY_FILE]: o.signingKey.publicKeyPem,
    },
  }
}

type LedgerRow = typeof ledgerEntries.$inferSelect

/** The ledger as a vendor sees it: entries with withheld data keep their recorded hashes and say so. */
function partyLedger(viewer: string, rows: LedgerRow[]): LedgerRow[] {
  const byIncident = new Map<string, LedgerRow[]>()
  for (const r of rows) {
    const list = byIncident.get(r.incidentId)
    if (list) list.push(r)
    else byIncident.set(r.incidentId, [r])
  }
  const paged = new Map([...byIncident].map(([id, list]) => [id, escalationPartiesOf(list)]))
  return rows.map((r) => {
    const shown = ledgerDataForParty(viewer, r, paged.get(r.incidentId)!)
    return shown.redacted ? { ...r, data: shown.data as LedgerRow['data'], redacted: true } : r
  })
}
