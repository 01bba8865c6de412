import { asc, inArray } from 'drizzle-orm'
import type { Database } from '../create-db.ts'
import { GENESIS_HASH, hashLedgerEntry } from '../ledger/canonical-hash.ts'
import { ledgerEntries } from '../tables/incidents.ts'
import { ledgerAnchors } from '../tables/ledger-anchors.ts'
import {
  anchorRoot,
  anchorSignatureOk,
  foldHeads,
  type AnchorHead,
  type PublishedAnchor,
} from './anchor-statement.ts'
import { publishedAnchor } from './create-ledger-anchor.ts'

export type AnchorProblem = {
  anchorId?: number
  incidentId?: string
  seq?: number
  message: string
}
export type AnchorCheck = {
  ok: boolean
  anchorsChecked: number
  checkedAgainst: PublishedAnchor | null
  incidentsChecked: number
  problems: AnchorProblem[]
}
/** A published anchor, with its heads delta when it comes from `ledger anchors --out`. */
export type AnchorRecord = PublishedAnchor & { heads?: AnchorHead[] }

/**
 * Checks the ledger against its anchors. Each anchor's signature (with the pinned public key
 * when given), its link to the previous root, and the root of its folded heads; then every
 * incident's chain against every anchored head (seq and hash): a removed tail, an edited entry
 * and a rewritten chain are named at the entry (or the narrowest anchored range) where they
 * depart. `published` (what an auditor kept from `ledger anchor`/`ledger anchors`) is trusted
 * over the database's own anchors table: an owner who rewrote the ledger, its heads and its
 * anchors, even re-signing them, still disagrees with the root published before.
 */
export async function verifyLedgerAnchors(
  db: Database,
  o: { publicKeyPem?: string; published?: AnchorRecord[] } = {}
): Promise<AnchorCheck> {
  const problems: AnchorProblem[] = []
  const stored = (await db.select().from(ledgerAnchors).orderBy(asc(ledgerAnchors.id))).map(
    (r) => ({ ...publishedAnchor(r), heads: r.heads as AnchorHead[] })
  )
  const published = o.published ?? []
  const withHeads = published.length > 0 && published.every((p) => Array.isArray(p.heads))
  const chain: AnchorRecord[] = withHeads ? [...published].sort((a, b) => a.id - b.id) : stored
  const target = published.length ? published.reduce((a, b) => (b.id > a.id ? b : a)) : chain.at(-1)
  if (!target)
    return { ok: true, anchorsChecked: 0, checkedAgainst: null, incidentsChecked: 0, problems }

  for (const p of published) {
    if (!anchorSignatureOk(p, o.publicKeyPem))
      problems.push({
        anchorId: p.id,
        message: `the published anchor's signature does not verify${o.publicKeyPem !== undefined ? ' with the pinned key' : ''}`,
      })
    const row = stored.find((s) => s.id === p.id)
    if (!row)
      problems.push({
        anchorId: p.id,
        message: 'the published anchor is not in the database (the anchors table was rewritten)',
      })
    else if (row.root !== p.root || row.anchoredAt !== p.anchoredAt)
      problems.push({
        anchorId: p.id,
        message: `the database's anchor #${p.id} (root ${row.root.slice(0, 12)}…) differs from the published one (root ${p.root.slice(0, 12)}…): the anchors table was rewritten`,
      })
  }
  const checkpoints = new Map<string, Array<AnchorHead & { anchorId: number }>>()
  const folded = new Map<string, AnchorHead>()
  let previousRoot: string | null = null
  let anchorsChecked = 0
  for (const a of chain) {
    if (a.id > target.id) break
    anchorsChecked += 1
    if (!withHeads && !anchorSignatureOk(a, o.publicKeyPem))
      problems.push({
        anchorId: a.id,
        message: `anchor #${a.id}'s signature does not verify${o.publicKeyPem !== undefined ? ' with the pinned key' : ''}`,
      })
    if (a.previousRoot !== previousRoot)
      problems.push({
        anchorId: a.id,
        message: `anchor #${a.id} does not follow the previous anchor's root`,
      })
    foldHeads([a.heads ?? []], folded)
    if (anchorRoot(folded.values()) !== a.root)
      problems.push({
        anchorId: a.id,
        message: `anchor #${a.id}'s heads do not give its root: the anchors were edited`,
      })
    for (const h of a.heads ?? [])
      checkpoints.set(h.incidentId, [
        ...(checkpoints.get(h.incidentId) ?? []),
        { ...h, anchorId: a.id },
      ])
    previousRoot = a.root
  }

  const ids = [...folded.keys()]
  const rows = ids.length
    ? await db
        .select()
        .from(ledgerEntries)
        .where(inArray(ledgerEntries.incidentId, ids))
        .orderBy(asc(ledgerEntries.incidentId), asc(ledgerEntries.seq))
    : []
  const byIncident = new Map<string, typeof rows>()
  for (const r of rows) {
    const l = byIncident.get(r.incidentId)
    if (l) l.push(r)
    else byIncident.set(r.incidentId, [r])
  }
  const ledgerHeads: AnchorHead[] = []
  for (const id of ids) {
    const entries = byIncident.get(id) ?? []
    // The chain as it stands: its hashes by seq, up to its first internal break.
    const hashAt = new Map<number, string>()
    let prev = GENESIS_HASH
    for (const [i, e] of entries.entries()) {
      const ok =
        e.seq === i + 1 &&
        e.prevHash === prev &&
        (e.redacted ||
          e.hash ===
            hashLedgerEntry(prev, {
              incidentId: e.incidentId,
              seq: e.seq,
              at: e.at.toISOString(),
              type: e.type,
              actor: e.actor,
              data: e.data,
              idempotencyKey: e.idempotencyKey,
            }))
      if (!ok) {
        problems.push({
          incidentId: id,
          seq: i + 1,
          message:
            e.seq !== i + 1
              ? `entry seq ${i + 1} missing`
              : `entry seq ${e.seq} does not verify against the entry before it (edited)`,
        })
        break
      }
      hashAt.set(e.seq, e.hash)
      prev = e.hash
    }
    const head = folded.get(id)!
    ledgerHeads.push({ incidentId: id, seq: head.seq, hash: hashAt.get(head.seq) ?? '' })
    let lastGood = 0
    for (const c of (checkpoints.get(id) ?? []).sort((a, b) => a.seq - b.seq)) {
      const have = hashAt.get(c.seq)
      if (have === c.hash) {
        lastGood = c.seq
        continue
      }
      const maxSeq = entries.at(-1)?.seq ?? 0
      if (have === undefined && maxSeq < c.seq)
        problems.push({
          incidentId: id,
          seq: maxSeq + 1,
          message: `entries ${maxSeq + 1}..${c.seq} missing: anchor #${c.anchorId} holds seq ${c.seq}, the ledger ends at seq ${maxSeq}`,
        })
      else if (have !== undefined)
        problems.push({
          incidentId: id,
          seq: lastGood + 1 === c.seq ? c.seq : lastGood + 1,
          message:
            lastGood + 1 === c.seq
              ? `entry seq ${c.seq} was rewritten: its hash differs from anchor #${c.anchorId}'s`
              : `the chain was rewritten within seq ${lastGood + 1}..${c.seq}: seq ${lastGood} matches its anchor, seq ${c.seq} differs from anchor #${c.anchorId}'s hash`,
        })
      break
    }
  }
  if (anchorRoot(ledgerHeads) !== target.root && problems.length === 0)
    problems.push({
      anchorId: target.id,
      message: `the ledger's hashes at the anchored heads do not give anchor #${target.id}'s root`,
    })
  return {
    ok: problems.length === 0,
    anchorsChecked,
    checkedAgainst: target,
    incidentsChecked: ids.length,
    problems,
  }
}
