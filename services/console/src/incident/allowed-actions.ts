/** The actions the incident page offers; the API remains the judge and its errors show inline. */
export type ActionName =
  | 'acknowledge'
  | 'offer'
  | 'respond'
  | 'withdraw'
  | 'setWaiting'
  | 'resume'
  | 'resolve'
  | 'reopen'
  | 'close'
  | 'comment'
  | 'link'
  | 'dispute'

export interface ActionContext {
  role: string
  /** The VENDOR token's party slug. */
  partySlug: string | null
  status: string
  holderSlug: string
  /** The open offer (OFFERED, or EXPIRED and still answerable). */
  offer: { fromSlug: string; toSlug: string; state: string } | null
  /** Breached clocks attributed to the VENDOR token's party (a closed incident's may be disputed). */
  breachedOwn?: number
}

const LIVE = new Set(['OPEN', 'ACKNOWLEDGED', 'WAITING'])

/** Which actions the viewer may take now, by role, party and the incident's state. */
export function allowedActions(c: ActionContext): Set<ActionName> {
  const out = new Set<ActionName>()
  if (c.role !== 'ADMIN' && c.role !== 'INTEGRATOR' && c.role !== 'VENDOR') return out
  const staff = c.role !== 'VENDOR'
  const holds = staff || c.partySlug === c.holderSlug
  const live = LIVE.has(c.status)
  if (live && holds) {
    if (c.status === 'OPEN') out.add('acknowledge')
    if (!c.offer || c.offer.state !== 'OFFERED') out.add('offer')
    if (c.status !== 'WAITING') out.add('setWaiting')
    if (c.status === 'WAITING') out.add('resume')
    // The domain refuses a resolution while waiting or with an open offer unless forced, and
    // only staff may force (as the retained party).
    if (staff || (c.status !== 'WAITING' && !c.offer)) out.add('resolve')
  }
  if (live && c.offer) {
    if (staff || c.partySlug === c.offer.toSlug) out.add('respond')
    if (staff || c.partySlug === c.offer.fromSlug) out.add('withdraw')
  }
  if (c.status === 'RESOLVED' && staff) {
    out.add('reopen')
    out.add('close')
  }
  if (c.status !== 'CLOSED') {
    out.add('comment')
    out.add('link')
  }
  // Attribution is settled when the incident closes: only then may its party contest a breach.
  if (c.status === 'CLOSED' && !staff && (c.breachedOwn ?? 0) > 0) out.add('dispute')
  return out
}

/**
 * Why an offer from `from` to `to` needs a reason code, or null: the domain's ping-pong rule
 * (evaluatePingPong in @baton/domain) requires one for a second offer between the same two
 * parties after a rejection. Its other trigger, more hops than the world's policy allows, is
 * judged by the API alone, whose refusal names the field and shows beside it.
 */
export function reasonCodeNeeded(
  handoffs: readonly { from: string; to: string; state: string }[],
  from: string,
  to: string
): string | null {
  return handoffs.some((h) => h.from === from && h.to === to && h.state === 'REJECTED')
    ? `a second offer from ${from} to ${to} after a rejection needs a reason code (ping-pong policy)`
    : null
}
