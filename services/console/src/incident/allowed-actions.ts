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

export interface ActionContext {
  role: string
  /** The VENDOR token's party slug. */
  partySlug: string | null
  status: string
  holderSlug: string
  /** The open offer (OFFERED, or EXPIRED and still answerable). */
  offer: { fromSlug: string; toSlug: string; state: string } | null
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
    out.add('resolve')
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
  return out
}
