/** A ledger entry as the page reads it. */
export interface EntryLike { seq: number; at: string; type: string; actor: string; data: string }

/** The party slug that recorded an entry (`actor` is the slug, optionally `slug:token-name` or `slug/token`). */
export function actorParty(actor: string): string {
  return actor.split(/[:/ ]/)[0] ?? actor
}

/**
 * The last message each way per bonded vendor, from the ledger: from the vendor is the latest
 * entry it recorded itself (its webhooks and its own token); to the vendor is the latest fact
 * recorded by anyone else, which the outbound adapter relays to every bonded vendor.
 */
export function lastMessages(entries: ReadonlyArray<EntryLike>, vendors: ReadonlyArray<string>): Map<string, { inbound: EntryLike | null; outbound: EntryLike | null }> {
  const out = new Map<string, { inbound: EntryLike | null; outbound: EntryLike | null }>(vendors.map((v) => [v, { inbound: null, outbound: null }]))
  for (const e of entries) {
    const by = actorParty(e.actor)
    for (const [vendor, m] of out) {
      if (by === vendor) { if (!m.inbound || e.seq > m.inbound.seq) m.inbound = e } else if (!m.outbound || e.seq > m.outbound.seq) m.outbound = e
    }
  }
  return out
}

const SUMMARY_KEYS = ['title', 'reason', 'reasonCode', 'body', 'resolution', 'priority', 'from', 'to', 'on', 'party', 'desk', 'context']

/** A one-line summary of an entry's data for the timeline (`reason: …; to: vistula`). */
export function summarizeEntry(data: string): string {
  let parsed: unknown
  try { parsed = JSON.parse(data) } catch { return '' }
  if (!parsed || typeof parsed !== 'object') return ''
  const d = parsed as Record<string, unknown>
  return SUMMARY_KEYS.filter((k) => d[k] !== undefined && d[k] !== null && d[k] !== '')
    .map((k) => `${k}: ${typeof d[k] === 'object' ? JSON.stringify(d[k]) : String(d[k])}`)
    .join('; ')
}
