import type { IncidentState } from './incident-state.ts'
import type { PingPongPolicyConfig } from './apply-options.ts'

export type PingPongStats = {
  /** accepted transfers of the baton */
  hops: number
  /** returns to the previous party: rejections (the baton stays put) and A→B→A transfers */
  bounceBacks: number
  offers: number
}

export type PingPongVerdict = PingPongStats & {
  triggered: boolean
  reasons: string[]
  /** 'party/desk' to page, e.g. the retained major incident manager */
  escalateTo?: string
  reasonCodeRequired: boolean
}

export function pingPongStats(s: IncidentState): PingPongStats {
  const accepted = s.handoffs
    .filter((h) => h.state === 'ACCEPTED')
    .sort((a, b) => Date.parse(a.respondedAt ?? '') - Date.parse(b.respondedAt ?? ''))
  let bounceBacks = s.handoffs.filter((h) => h.state === 'REJECTED').length
  accepted.forEach((h, i) => {
    if (i > 0 && accepted[i - 1]?.from === h.to) bounceBacks += 1
  })
  return { hops: accepted.length, bounceBacks, offers: s.handoffs.length }
}

/**
 * Judges a proposed offer (the world's pingPong policy; docs/scenario.md has the demo's): a second offer between the same two parties
 * after the first was rejected, or an offer that would make more than maxHops transfers.
 */
export function evaluatePingPong(
  s: IncidentState,
  offer: { from: string; to: string },
  policy: PingPongPolicyConfig
): PingPongVerdict {
  const stats = pingPongStats(s)
  const rejectedBefore = s.handoffs.some(
    (h) => h.from === offer.from && h.to === offer.to && h.state === 'REJECTED'
  )
  const reasons = pingPongReasons(offer, rejectedBefore, stats.hops, policy)
  const triggered = reasons.length > 0
  return {
    ...stats,
    triggered,
    reasons,
    ...(triggered ? { escalateTo: policy.escalateTo } : {}),
    reasonCodeRequired: triggered && policy.requireReasonCode,
  }
}

/** Why an offer is ping-pong: a rejection between the same pair before it, or one hop too many. */
export function pingPongReasons(
  offer: { from: string; to: string },
  rejectedBefore: boolean,
  hopsBefore: number,
  policy: PingPongPolicyConfig
): string[] {
  const reasons: string[] = []
  if (rejectedBefore)
    reasons.push(`second offer from ${offer.from} to ${offer.to} after a rejection`)
  if (hopsBefore + 1 > policy.maxHops) reasons.push(`more than ${policy.maxHops} hops`)
  return reasons
}
