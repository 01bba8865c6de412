import type { IncidentState } from '../custody/incident-state.ts'

/** Whose time it is over [from, to): to is Infinity while it still is. */
export type AccountableSpan = {
  party: string
  from: number
  to: number
  why: 'holder' | 'waited-on' | 'overdue-offer'
}

/**
 * docs/architecture.md "accountable party": the holder; while the holder waits on B, B; while a
 * hand-off offer is overdue and unanswered, the receiving party. `overdueAt` gives each offer's
 * overdue instant (its acceptance OLA deadline, or its expiry event if earlier).
 */
export function deriveAccountability(
  s: IncidentState,
  overdueAt: ReadonlyMap<string, number>
): AccountableSpan[] {
  const base: AccountableSpan[] = s.segments.map((seg) => ({
    party: seg.state === 'waiting' && seg.waitingOn ? seg.waitingOn : seg.party,
    from: Date.parse(seg.from),
    to: seg.to === undefined ? Infinity : Date.parse(seg.to),
    why: seg.state === 'waiting' ? 'waited-on' : 'holder',
  }))
  const overlays: AccountableSpan[] = []
  for (const h of s.handoffs) {
    const o = overdueAt.get(h.id)
    if (o === undefined) continue
    const end = h.respondedAt === undefined ? Infinity : Date.parse(h.respondedAt)
    if (o < end) overlays.push({ party: h.to, from: o, to: end, why: 'overdue-offer' })
  }
  return mergeAdjacent(overlay(base, overlays))
}

// Overlays win where they overlap base spans, but only where the incident has a holder at all.
function overlay(base: AccountableSpan[], overlays: AccountableSpan[]): AccountableSpan[] {
  let out = base
  for (const o of overlays) {
    const next: AccountableSpan[] = []
    for (const b of out) {
      if (b.to <= o.from || b.from >= o.to) {
        next.push(b)
        continue
      }
      if (b.from < o.from) next.push({ ...b, to: o.from })
      next.push({ ...o, from: Math.max(b.from, o.from), to: Math.min(b.to, o.to) })
      if (b.to > o.to) next.push({ ...b, from: o.to })
    }
    out = next
  }
  return out.filter((sp) => sp.to > sp.from).sort((a, b) => a.from - b.from)
}

function mergeAdjacent(spans: AccountableSpan[]): AccountableSpan[] {
  const out: AccountableSpan[] = []
  for (const sp of spans) {
    const last = out[out.length - 1]
    if (last && last.party === sp.party && last.why === sp.why && last.to === sp.from)
      last.to = sp.to
    else out.push({ ...sp })
  }
  return out
}

/** The party accountable at instant t (for the moment just after t), if any. */
export function accountableAt(spans: readonly AccountableSpan[], t: number): string | undefined {
  return spans.find((sp) => sp.from <= t && t < sp.to)?.party
}
