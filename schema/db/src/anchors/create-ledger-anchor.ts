import { asc, desc, sql } from 'drizzle-orm'
import type { Database } from '../create-db.ts'
import { ledgerAnchors, ledgerHeads } from '../tables/ledger-anchors.ts'
import { signText, type SigningKey } from '../signing/ed25519-signing-key.ts'
import {
  ANCHOR_FORMAT,
  anchorRoot,
  foldHeads,
  statementText,
  type AnchorHead,
  type PublishedAnchor,
} from './anchor-statement.ts'

export type AnchorRow = typeof ledgerAnchors.$inferSelect
export const publishedAnchor = (r: AnchorRow): PublishedAnchor => ({
  format: r.format,
  id: r.id,
  anchoredAt: r.anchoredAt.toISOString(),
  incidents: r.incidents,
  entries: r.entries,
  root: r.root,
  previousRoot: r.previousRoot,
  keyId: r.keyId,
  signature: r.signature,
  publicKeyPem: r.publicKeyPem,
})

/**
 * Anchors the ledger: a root over every incident's head (seq and hash), chained to the previous
 * anchor's root and signed with Baton's key, stored with the heads that changed since the
 * previous anchor. Nothing changed since the last anchor: no new one. One at a time (an advisory
 * lock), so each anchor's delta is taken against the one before it.
 */
export async function createLedgerAnchor(
  db: Database,
  o: { signingKey: SigningKey; now?: Date }
): Promise<{ created: boolean; anchor: PublishedAnchor | null }> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext('baton_ledger_anchor'))`)
    const heads: AnchorHead[] = await tx
      .select({ incidentId: ledgerHeads.incidentId, seq: ledgerHeads.seq, hash: ledgerHeads.hash })
      .from(ledgerHeads)
    const previous = await tx
      .select({ heads: ledgerAnchors.heads })
      .from(ledgerAnchors)
      .orderBy(asc(ledgerAnchors.id))
    const [last] = await tx.select().from(ledgerAnchors).orderBy(desc(ledgerAnchors.id)).limit(1)
    const before = foldHeads(previous.map((p) => p.heads as AnchorHead[]))
    const delta = heads.filter((h) => {
      const b = before.get(h.incidentId)
      return !b || b.seq !== h.seq || b.hash !== h.hash
    })
    if (last && delta.length === 0) return { created: false, anchor: publishedAnchor(last) }
    if (!last && heads.length === 0) return { created: false, anchor: null }
    const [{ id }] = (await tx.execute(
      sql`select nextval(pg_get_serial_sequence('ledger_anchors', 'id'))::bigint as id`
    )) as unknown as [{ id: string }]
    const covered = [...foldHeads([delta], before).values()]
    const statement = {
      format: ANCHOR_FORMAT,
      id: Number(id),
      anchoredAt: (o.now ?? new Date()).toISOString(),
      incidents: covered.length,
      entries: covered.reduce((n, h) => n + h.seq, 0),
      root: anchorRoot(covered),
      previousRoot: last?.root ?? null,
      keyId: o.signingKey.keyId,
    }
    const signature = signText(o.signingKey, statementText(statement))
    const [row] = await tx
      .insert(ledgerAnchors)
      .values({
        ...statement,
        anchoredAt: new Date(statement.anchoredAt),
        heads: delta,
        publicKeyPem: o.signingKey.publicKeyPem,
        signature,
      })
      .returning()
    return { created: true, anchor: publishedAnchor(row!) }
  })
}
