import { utcLabel } from '../util/time-zone.ts'
import type { BreachInput, CustodyInput, HandoffInput } from './swimlane-layout.ts'

/**
 * What the swimlanes draw, from either a live Incident or a SimulatedIncident (the what-if's
 * answer): both carry custody segments, hand-offs and clocks of the same GraphQL types.
 */
export interface SwimlaneSource {
  openedAt: string
  closedAt?: string | null
  custody: ReadonlyArray<{
    party: { id: string }
    from: string
    to?: string | null
    state: string
    waitingOn?: { name: string } | null
  }>
  handoffs: ReadonlyArray<{
    id: string
    state: string
    offeredAt: string
    respondedAt?: string | null
    expiredAt?: string | null
    reason?: string | null
    from: { id: string }
    to: { id: string }
  }>
  clocks: ReadonlyArray<{
    state: string
    metric: string
    breachedAt?: string | null
    agreement: { name: string }
    attributedTo?: { id: string; name: string } | null
  }>
}

export const custodyInputs = (s: SwimlaneSource): CustodyInput[] =>
  s.custody.map((c) => ({
    partyId: c.party.id,
    from: c.from,
    to: c.to ?? null,
    state: c.state,
    waitingOnName: c.waitingOn?.name ?? null,
  }))

export const handoffInputs = (s: SwimlaneSource): HandoffInput[] =>
  s.handoffs.map((h) => ({
    id: h.id,
    fromId: h.from.id,
    toId: h.to.id,
    state: h.state,
    offeredAt: h.offeredAt,
    respondedAt: h.respondedAt ?? null,
    expiredAt: h.expiredAt ?? null,
    reason: h.reason ?? null,
  }))

/** Breaches drawn on the lane of the party they are attributed to. */
export const breachInputs = (s: SwimlaneSource): BreachInput[] =>
  s.clocks
    .filter((c) => c.state === 'BREACHED' && c.breachedAt && c.attributedTo)
    .map((c) => ({
      partyId: c.attributedTo!.id,
      at: c.breachedAt!,
      label: `${c.agreement.name} ${c.metric.toLowerCase().replace('_', ' ')} breached at ${utcLabel(Date.parse(c.breachedAt!))}, attributed to ${c.attributedTo!.name}`,
    }))

/** The start of the swimlanes' axis: the opening, or an earlier custody segment's start. */
export const axisStart = (s: SwimlaneSource): number =>
  Math.min(Date.parse(s.openedAt), ...s.custody.map((c) => Date.parse(c.from)))

/** The end of the swimlanes' axis: the close, else now (at most 12 h past the last recorded fact), padded a little. */
export function axisEnd(s: SwimlaneSource, now: number): number {
  const times = [Date.parse(s.openedAt) + 3_600_000]
  for (const c of s.custody) {
    times.push(Date.parse(c.from))
    if (c.to) times.push(Date.parse(c.to))
  }
  for (const h of s.handoffs) {
    times.push(Date.parse(h.offeredAt))
    if (h.respondedAt) times.push(Date.parse(h.respondedAt))
    if (h.expiredAt) times.push(Date.parse(h.expiredAt))
  }
  for (const c of s.clocks) if (c.breachedAt) times.push(Date.parse(c.breachedAt))
  const last = Math.max(...times)
  if (s.closedAt) return Math.max(Date.parse(s.closedAt), last)
  // Quiet stretches after the last fact are shown up to 12 h (a stalled incident keeps a readable axis).
  const end = last + Math.min(Math.max(0, now - last), 12 * 3_600_000)
  return end + (end - Date.parse(s.openedAt)) * 0.03
}
