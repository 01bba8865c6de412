import { createHash } from 'node:crypto'
import { canonicalJson } from '../ledger/canonical-hash.ts'
import { verifyText } from '../signing/ed25519-signing-key.ts'

export const ANCHOR_FORMAT = 'baton-ledger-anchor/1'
export type AnchorHead = { incidentId: string; seq: number; hash: string }
/** What an anchor signs: canonical JSON of these fields, exactly. */
export type AnchorStatement = {
  format: string
  id: number
  anchoredAt: string
  incidents: number
  entries: number
  root: string
  previousRoot: string | null
  keyId: string
}
/** An anchor as published (`ledger anchor`, `ledger anchors`): the statement, its signature and the signer's public key. */
export type PublishedAnchor = AnchorStatement & { signature: string; publicKeyPem: string }

/** sha256 over `<incidentId> <seq> <hash>\n` for every head, sorted by incident id. */
export function anchorRoot(heads: Iterable<AnchorHead>): string {
  const sorted = [...heads].sort((a, b) =>
    a.incidentId < b.incidentId ? -1 : a.incidentId > b.incidentId ? 1 : 0
  )
  const h = createHash('sha256')
  for (const x of sorted) h.update(`${x.incidentId} ${x.seq} ${x.hash}\n`)
  return h.digest('hex')
}

export const statementText = (s: AnchorStatement): string =>
  canonicalJson({
    format: s.format,
    id: s.id,
    anchoredAt: s.anchoredAt,
    incidents: s.incidents,
    entries: s.entries,
    root: s.root,
    previousRoot: s.previousRoot,
    keyId: s.keyId,
  })

export const anchorSignatureOk = (a: PublishedAnchor, publicKeyPem?: string): boolean =>
  verifyText(publicKeyPem ?? a.publicKeyPem, statementText(a), a.signature)

/** Folds anchors' head deltas (in id order) into the full set of heads the last one covers. */
export function foldHeads(
  deltas: Iterable<readonly AnchorHead[]>,
  into = new Map<string, AnchorHead>()
): Map<string, AnchorHead> {
  for (const delta of deltas) for (const h of delta) into.set(h.incidentId, h)
  return into
}
