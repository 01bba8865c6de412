import { sql } from 'drizzle-orm'
import { World, type PartyConfig, ServiceError } from '@baton/domain'
import type { Database } from '../create-db.ts'
import { applyWorld } from '../world/apply-world.ts'
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
import { verifyPartyExport, type ExportReader } from './verify-party-export.ts'

export type ImportSummary = Record<string, number>
type Row = Record<string, unknown>

const parseLines = (text: string | null): Row[] =>
  (text ?? '')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as Row)
const date = (v: unknown) => (v === null || v === undefined ? null : new Date(v as string))
/** Which exported fields an import writes back, by kind (anything else keeps the column's default). */
type Columns = {
  copy?: string[]
  /** ISO strings read as Date (null stays null) */
  dates?: string[]
  /** party slugs read as the party ids of the applied world */
  parties?: string[]
  /** true only when the row says true */
  flags?: string[]
}
type ImportTable =
  | typeof incidents
  | typeof ledgerEntries
  | typeof handoffs
  | typeof bonds
  | typeof inboundReceipts
  | typeof outboundDeliveries
  | typeof escalations
  | typeof incidentSettlements
  | typeof incidentAttributions
  | typeof disputes
  | typeof creditLines

const RECEIPT_COLUMNS: Columns = {
  copy: [
    'receipt',
    'messageId',
    'bodyHash',
    'incidentId',
    'bondId',
    'type',
    'event',
    'payload',
    'status',
    'error',
  ],
  dates: ['receivedAt', 'signalledAt', 'appliedAt'],
  parties: ['partyId'],
}
const DELIVERY_COLUMNS: Columns = {
  copy: [
    'idempotencyKey',
    'messageId',
    'incidentId',
    'type',
    'payload',
    'status',
    'attempts',
    'lastHttpStatus',
    'lastError',
  ],
  dates: ['createdAt', 'updatedAt', 'deliveredAt'],
  parties: ['partyId'],
}
/** The export's files in the order their rows can be inserted (messages.ndjson follows bonds). */
const FILES: [string, ImportTable, Columns][] = [
  [
    'incidents.ndjson',
    incidents,
    {
      copy: [
        'id',
        'key',
        'clientKey',
        'title',
        'priority',
        'status',
        'parentId',
        'breached',
        'lastSeq',
        'state',
      ],
      dates: ['openedAt', 'acknowledgedAt', 'resolvedAt', 'closedAt', 'nextDeadline', 'updatedAt'],
      parties: ['holderPartyId'],
    },
  ],
  [
    'ledger.ndjson',
    ledgerEntries,
    {
      copy: ['incidentId', 'seq', 'type', 'actor', 'data', 'idempotencyKey', 'prevHash', 'hash'],
      dates: ['at', 'recordedAt'],
      flags: ['redacted'],
    },
  ],
  [
    'handoffs.ndjson',
    handoffs,
    {
      copy: ['id', 'incidentId', 'state', 'reason'],
      dates: ['offeredAt', 'respondedAt'],
      parties: ['fromPartyId', 'toPartyId'],
    },
  ],
  [
    'bonds.ndjson',
    bonds,
    {
      copy: ['id', 'incidentId', 'vendorRef', 'state'],
      dates: ['createdAt'],
      parties: ['partyId'],
    },
  ],
  [
    'escalations.ndjson',
    escalations,
    {
      copy: ['id', 'incidentId', 'reason', 'step', 'recipients', 'to', 'idempotencyKey'],
      dates: ['at'],
      parties: ['partyId'],
    },
  ],
  [
    'settlements.ndjson',
    incidentSettlements,
    {
      copy: [
        'incidentId',
        'incidentKey',
        'events',
        'world',
        'clocks',
        'attribution',
        'credits',
        'ledgerHash',
      ],
      dates: ['closedAt', 'settledAt'],
    },
  ],
  [
    'attributions.ndjson',
    incidentAttributions,
    {
      copy: [
        'incidentId',
        'clockId',
        'agreementSlug',
        'agreementVersion',
        'agreementKind',
        'metric',
        'clockParty',
        'attributedTo',
        'handoffId',
      ],
      dates: ['breachedAt'],
    },
  ],
  [
    'disputes.ndjson',
    disputes,
    {
      copy: [
        'id',
        'incidentId',
        'clockId',
        'party',
        'evidence',
        'state',
        'decidedBy',
        'decisionReason',
      ],
      dates: ['openedAt', 'decidedAt'],
    },
  ],
  [
    'credit-lines.ndjson',
    creditLines,
    {
      copy: [
        'incidentId',
        'party',
        'agreementSlug',
        'agreementVersion',
        'clockId',
        'period',
        'amount',
        'currency',
        'kind',
        'reason',
        'disputeId',
        'idempotencyKey',
      ],
      dates: ['breachedAt', 'createdAt'],
    },
  ],
]

// Secrets never travel: each integration gets freshly generated ones (vendors re-key on exit).
const withFreshSecrets = (p: PartyConfig): PartyConfig =>
  p.integration
    ? {
        ...p,
        integration: {
          ...p.integration,
          inboundSecret: 'generate',
          ...(p.integration.outboundSecret ? { outboundSecret: 'generate' } : {}),
        },
      }
    : p

/**
 * Loads a party export into an empty Baton: the world, then every row with its original ids
 * (the ledger hashes commit to incident ids), party references mapped back from slugs. Refuses
 * an export that does not verify (signature, files, chains), with the caller's pinned public
 * key when given. Entries a party export shows redacted are stored flagged `redacted`.
 */
export async function importPartyExport(
  db: Database,
  readFile: ExportReader,
  o: { masterKey: string; publicKeyPem?: string }
): Promise<ImportSummary> {
  const verified = verifyPartyExport(
    readFile,
    o.publicKeyPem === undefined ? {} : { publicKeyPem: o.publicKeyPem }
  )
  if (!verified.ok)
    throw new ServiceError(
      'BAD_USER_INPUT',
      `refusing to import an export that does not verify: ${verified.problems
        .slice(0, 3)
        .map((p) => `${p.file}: ${p.message}`)
        .join('; ')}`
    )
  const [{ n }] = (await db.execute(
    sql`select count(*)::int as n from ${incidents}`
  )) as unknown as [{ n: number }]
  if (n > 0)
    throw new ServiceError('CONFLICT', `import needs an empty Baton: ${n} incident(s) exist`)
  const [worldRow] = parseLines(readFile('world.ndjson'))
  if (!worldRow) throw new ServiceError('BAD_USER_INPUT', 'world.ndjson is missing or empty')
  const world = World.parse(worldRow)
  await applyWorld(
    db,
    { ...world, parties: world.parties.map(withFreshSecrets) },
    {
      masterKey: o.masterKey,
      resolveSecret: (ref) => {
        throw new Error(`import cannot resolve secret ${ref}`)
      },
    }
  )
  const ids = new Map(
    (await db.select({ id: parties.id, slug: parties.slug }).from(parties)).map((p) => [
      p.slug,
      p.id,
    ])
  )
  const pid = (slug: unknown) => {
    const id = ids.get(slug as string)
    if (!id) throw new ServiceError('BAD_USER_INPUT', `unknown party '${String(slug)}'`)
    return id
  }
  const summary: ImportSummary = {}
  /** One exported row as the table's insert values: the listed columns only, each read as its kind. */
  const rowOf =
    (c: Columns) =>
    (r: Row): Row => ({
      ...Object.fromEntries((c.copy ?? []).map((k) => [k, r[k]])),
      ...Object.fromEntries((c.dates ?? []).map((k) => [k, date(r[k])])),
      ...Object.fromEntries((c.parties ?? []).map((k) => [k, pid(r[k])])),
      ...Object.fromEntries((c.flags ?? []).map((k) => [k, r[k] === true])),
    })
  const insertRows = async (tx: Database, table: ImportTable, rows: Row[], c: Columns) => {
    for (let i = 0; i < rows.length; i += 500)
      await tx.insert(table).values(rows.slice(i, i + 500).map(rowOf(c)) as never)
  }
  await db.transaction(async (transaction) => {
    const tx = transaction as unknown as Database
    for (const [file, table, columns] of FILES) {
      const rows = parseLines(readFile(file))
      await insertRows(tx, table, rows, columns)
      summary[file] = rows.length
      if (file !== 'bonds.ndjson') continue
      // messages.ndjson holds both directions: receipts in, deliveries out.
      const messages = parseLines(readFile('messages.ndjson'))
      await insertRows(
        tx,
        inboundReceipts,
        messages.filter((m) => m.direction === 'in'),
        RECEIPT_COLUMNS
      )
      await insertRows(
        tx,
        outboundDeliveries,
        messages.filter((m) => m.direction === 'out'),
        DELIVERY_COLUMNS
      )
      summary['messages.ndjson'] = messages.length
    }
    await tx.execute(
      sql`select setval('incident_key_seq', greatest(1, coalesce((select max(substring(key from 5)::bigint) from ${incidents} where key ~ '^INC-[0-9]+$'), 1)))`
    )
  })
  return summary
}
