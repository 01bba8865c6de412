import { sql } from 'drizzle-orm'
import { World, type PartyConfig } from '@baton/domain'
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
import { AccountabilityError } from './accountability-error.ts'
import { verifyPartyExport, type ExportReader } from './verify-party-export.ts'

export type ImportSummary = Record<string, number>
type Row = Record<string, unknown>

const parseLines = (text: string | null): Row[] =>
  (text ?? '')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as Row)
const date = (v: unknown) => (v === null || v === undefined ? null : new Date(v as string))
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
    throw new AccountabilityError(
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
    throw new AccountabilityError('CONFLICT', `import needs an empty Baton: ${n} incident(s) exist`)
  const [worldRow] = parseLines(readFile('world.ndjson'))
  if (!worldRow) throw new AccountabilityError('BAD_USER_INPUT', 'world.ndjson is missing or empty')
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
    if (!id) throw new AccountabilityError('BAD_USER_INPUT', `unknown party '${String(slug)}'`)
    return id
  }
  const summary: ImportSummary = {}
  const load = async (file: string, insert: (rows: Row[]) => Promise<unknown>) => {
    const rows = parseLines(readFile(file))
    for (let i = 0; i < rows.length; i += 500) await insert(rows.slice(i, i + 500))
    summary[file] = rows.length
  }
  await db.transaction(async (tx) => {
    await load('incidents.ndjson', (rows) =>
      tx.insert(incidents).values(
        rows.map((r) => ({
          id: r.id as string,
          key: r.key as string,
          clientKey: r.clientKey as string | null,
          title: r.title as string,
          priority: r.priority as string,
          status: r.status as string,
          holderPartyId: pid(r.holderPartyId),
          parentId: r.parentId as string | null,
          openedAt: date(r.openedAt)!,
          acknowledgedAt: date(r.acknowledgedAt),
          resolvedAt: date(r.resolvedAt),
          closedAt: date(r.closedAt),
          breached: r.breached as number,
          nextDeadline: date(r.nextDeadline),
          lastSeq: r.lastSeq as number,
          state: r.state as object,
          updatedAt: date(r.updatedAt)!,
        }))
      )
    )
    await load('ledger.ndjson', (rows) =>
      tx.insert(ledgerEntries).values(
        rows.map((r) => ({
          incidentId: r.incidentId as string,
          seq: r.seq as number,
          at: date(r.at)!,
          type: r.type as string,
          actor: r.actor as string,
          data: r.data as object,
          idempotencyKey: r.idempotencyKey as string,
          prevHash: r.prevHash as string,
          hash: r.hash as string,
          recordedAt: date(r.recordedAt)!,
          redacted: r.redacted === true,
        }))
      )
    )
    await load('handoffs.ndjson', (rows) =>
      tx.insert(handoffs).values(
        rows.map((r) => ({
          id: r.id as string,
          incidentId: r.incidentId as string,
          fromPartyId: pid(r.fromPartyId),
          toPartyId: pid(r.toPartyId),
          state: r.state as string,
          offeredAt: date(r.offeredAt)!,
          respondedAt: date(r.respondedAt),
          reason: r.reason as string | null,
        }))
      )
    )
    await load('bonds.ndjson', (rows) =>
      tx.insert(bonds).values(
        rows.map((r) => ({
          id: r.id as string,
          incidentId: r.incidentId as string,
          partyId: pid(r.partyId),
          vendorRef: r.vendorRef as string | null,
          state: r.state as string,
          createdAt: date(r.createdAt)!,
        }))
      )
    )
    const messages = parseLines(readFile('messages.ndjson'))
    const incoming = messages.filter((m) => m.direction === 'in')
    const outgoing = messages.filter((m) => m.direction === 'out')
    if (incoming.length)
      await tx.insert(inboundReceipts).values(
        incoming.map((r) => ({
          receipt: r.receipt as string,
          partyId: pid(r.partyId),
          messageId: r.messageId as string,
          bodyHash: r.bodyHash as string,
          incidentId: r.incidentId as string | null,
          bondId: r.bondId as string | null,
          type: r.type as string,
          event: r.event as object,
          payload: r.payload as object,
          status: r.status as string,
          error: r.error as string | null,
          receivedAt: date(r.receivedAt)!,
          signalledAt: date(r.signalledAt),
          appliedAt: date(r.appliedAt),
        }))
      )
    if (outgoing.length)
      await tx.insert(outboundDeliveries).values(
        outgoing.map((r) => ({
          idempotencyKey: r.idempotencyKey as string,
          messageId: r.messageId as string,
          partyId: pid(r.partyId),
          incidentId: r.incidentId as string,
          type: r.type as string,
          payload: r.payload as object,
          status: r.status as string,
          attempts: r.attempts as number,
          lastHttpStatus: r.lastHttpStatus as number | null,
          lastError: r.lastError as string | null,
          createdAt: date(r.createdAt)!,
          updatedAt: date(r.updatedAt)!,
          deliveredAt: date(r.deliveredAt),
        }))
      )
    summary['messages.ndjson'] = messages.length
    await load('escalations.ndjson', (rows) =>
      tx.insert(escalations).values(
        rows.map((r) => ({
          id: r.id as string,
          incidentId: r.incidentId as string,
          at: date(r.at)!,
          reason: r.reason as string,
          step: r.step as number | null,
          partyId: pid(r.partyId),
          recipients: r.recipients as string[],
          idempotencyKey: r.idempotencyKey as string,
        }))
      )
    )
    await load('settlements.ndjson', (rows) =>
      tx.insert(incidentSettlements).values(
        rows.map((r) => ({
          incidentId: r.incidentId as string,
          incidentKey: r.incidentKey as string,
          closedAt: date(r.closedAt)!,
          settledAt: date(r.settledAt)!,
          events: r.events as object,
          world: r.world as object,
          clocks: r.clocks as object,
          attribution: r.attribution as object,
          credits: r.credits as object,
          ledgerHash: r.ledgerHash as string,
        }))
      )
    )
    await load('attributions.ndjson', (rows) =>
      tx.insert(incidentAttributions).values(
        rows.map((r) => ({
          incidentId: r.incidentId as string,
          clockId: r.clockId as string,
          agreementSlug: r.agreementSlug as string,
          agreementVersion: r.agreementVersion as number,
          agreementKind: r.agreementKind as string,
          metric: r.metric as string,
          clockParty: r.clockParty as string,
          attributedTo: r.attributedTo as string | null,
          breachedAt: date(r.breachedAt)!,
          handoffId: r.handoffId as string | null,
        }))
      )
    )
    await load('disputes.ndjson', (rows) =>
      tx.insert(disputes).values(
        rows.map((r) => ({
          id: r.id as string,
          incidentId: r.incidentId as string,
          clockId: r.clockId as string,
          party: r.party as string,
          evidence: r.evidence as string,
          state: r.state as string,
          openedAt: date(r.openedAt)!,
          decidedAt: date(r.decidedAt),
          decidedBy: r.decidedBy as string | null,
          decisionReason: r.decisionReason as string | null,
        }))
      )
    )
    await load('credit-lines.ndjson', (rows) =>
      tx.insert(creditLines).values(
        rows.map((r) => ({
          incidentId: r.incidentId as string,
          party: r.party as string,
          agreementSlug: r.agreementSlug as string,
          agreementVersion: r.agreementVersion as number,
          clockId: r.clockId as string,
          breachedAt: date(r.breachedAt)!,
          period: r.period as string,
          amount: r.amount as number,
          currency: r.currency as string,
          kind: r.kind as string,
          reason: r.reason as string,
          disputeId: r.disputeId as string | null,
          idempotencyKey: r.idempotencyKey as string,
          createdAt: date(r.createdAt)!,
        }))
      )
    )
    await tx.execute(
      sql`select setval('incident_key_seq', greatest(1, coalesce((select max(substring(key from 5)::bigint) from ${incidents} where key ~ '^INC-[0-9]+$'), 1)))`
    )
  })
  return summary
}
