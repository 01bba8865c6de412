import type { IncidentState } from '../custody/incident-state.ts'
import { pingPongReasons } from '../custody/ping-pong.ts'
import { nextClockDeadline, type ClockView } from '../clocks/clock-view.ts'
import type { World } from '../world/world.ts'
import type { Recipient } from '../notifications/recipient.ts'
import { deskRecipients } from './desk-recipients.ts'
import { plainRecipient } from './ladder-recipients.ts'
import { evaluateLadder, type AfterBusinessMode } from './evaluate-ladder.ts'

/** At one instant a ping-pong page (the reaction to the offer itself) goes before ladder steps. */
export const byKind = (e: { kind: 'ladder' | 'ping-pong' }) => (e.kind === 'ping-pong' ? 0 : 1)

/** An offer whose acceptance OLA ran out unanswered: the incident records `handoff_expired`. */
export type DueExpiry = {
  handoffId: string
  /** the receiver, accountable from the breach on */
  party: string
  /** the breach, never before the incident's last event */
  at: string
  clockId: string
  reason: string
}

/** An escalation to page once (its key): a ladder step, or a ping-pong offer. */
export type DueEscalation = {
  /** ladder:<party>:<cycle>:<step>:<repeat> or pingpong:<handoffId>; fires once */
  key: string
  kind: 'ladder' | 'ping-pong'
  at: string
  reason: string
  step: number | null
  repeat: number
  party: string
  desk: string | null
  /** whom it pages, in ladder order (formatRecipient makes the ledger's text of each) */
  recipients: Recipient[]
  handoffId: string | null
  clock?: { id: string; metric: string; deadline: string | null; timeZone: string } | undefined
}

/** A clock that breached: whose clock, when, and whom the breach is attributed to. */
export type DueBreach = {
  clockId: string
  metric: ClockView['metric']
  party: string
  at: string
  attributedTo: string | null
}

export type DueEffects = {
  expiries: DueExpiry[]
  escalations: DueEscalation[]
  breaches: DueBreach[]
  /** the next instant something falls due (a deadline, a warning, a ladder step), after `now` */
  nextAt: Date | null
}

export type DueInput = {
  world: World
  state: IncidentState
  /** the incident's clocks as of `now` (computeIncidentView) */
  clocks: readonly ClockView[]
  afterBusiness?: AfterBusinessMode
}

/**
 * The offers to expire now: each still OFFERED whose acceptance OLA breached, at the first breach
 * (an offer with a general and a pair's OLA expires at the earlier), never before the last event.
 */
export function dueExpiries(state: IncidentState, clocks: readonly ClockView[]): DueExpiry[] {
  const expiries: DueExpiry[] = []
  const offered = new Map(state.handoffs.filter((h) => h.state === 'OFFERED').map((h) => [h.id, h]))
  if (offered.size === 0) return expiries
  for (const c of clocks) {
    if (c.metric !== 'HANDOFF_ACCEPT' || c.state !== 'BREACHED' || !c.handoffId || !c.breachedAt)
      continue
    const h = offered.get(c.handoffId)
    if (h?.state !== 'OFFERED') continue
    const known = expiries.find((e) => e.handoffId === h.id)
    if (known && Date.parse(known.at) <= Date.parse(c.breachedAt)) continue
    const at =
      Date.parse(c.breachedAt) >= Date.parse(state.lastEventAt) ? c.breachedAt : state.lastEventAt
    const expiry = {
      handoffId: h.id,
      party: h.to,
      at,
      clockId: c.id,
      reason: `hand-off ${h.id} to ${h.to} not answered within ${c.agreement.slug}`,
    }
    if (known) expiries.splice(expiries.indexOf(known), 1, expiry)
    else expiries.push(expiry)
  }
  return expiries
}

/**
 * What is due on an incident as of `now`, and when next: the one answer the incident workflow
 * acts on and the what-if replays. Retrospective: everything due at or before `now` is listed
 * (callers fire each escalation key once), so a late evaluation gives the same escalations.
 * Expiries change the incident (they are events): apply them, then ask again for the rest.
 */
export function evaluateDue(input: DueInput, now: Date): DueEffects {
  const { world, state, clocks } = input
  const nowMs = now.getTime()
  const expiries = dueExpiries(state, clocks)
  const ladder = evaluateLadder(
    { world, state, clocks, afterBusiness: input.afterBusiness ?? 'cycle-desk' },
    now
  )
  const escalations: DueEscalation[] = ladder.due.map((d) => {
    const clock = clocks.find(
      (c) =>
        c.party === d.party &&
        c.cycle === d.cycle &&
        (d.handoffId ? c.handoffId === d.handoffId : c.metric === 'RESPONSE')
    )
    return {
      key: d.key,
      kind: 'ladder',
      at: d.at,
      reason: d.reason,
      step: d.step,
      repeat: d.repeat,
      party: d.party,
      desk: d.recipients.find((r) => r.party === d.party)?.desk ?? null,
      recipients: d.recipients.map(plainRecipient),
      handoffId: d.handoffId,
      clock: clock
        ? { id: clock.id, metric: clock.metric, deadline: clock.deadline, timeZone: clock.timeZone }
        : undefined,
    }
  })
  escalations.push(...pingPongEscalations(world, state, nowMs))
  escalations.sort(
    (a, b) =>
      Date.parse(a.at) - Date.parse(b.at) || byKind(a) - byKind(b) || a.key.localeCompare(b.key)
  )
  const breaches: DueBreach[] = clocks
    .filter((c) => c.state === 'BREACHED' && c.breachedAt && Date.parse(c.breachedAt) <= nowMs)
    .map((c) => ({
      clockId: c.id,
      metric: c.metric,
      party: c.party,
      at: c.breachedAt!,
      attributedTo: c.attributedTo,
    }))
  const next = [nextClockDeadline(clocks), ladder.nextWakeAt]
    .filter((d): d is Date => !!d && d.getTime() > nowMs)
    .sort((a, b) => a.getTime() - b.getTime())[0]
  return { expiries, escalations, breaches, nextAt: next ?? null }
}

/**
 * Each offer the ping-pong policy flags, judged on the hand-offs before it: those are all
 * answered when a new offer is made (one open offer at a time), so their states now are their
 * states then.
 */
function pingPongEscalations(world: World, state: IncidentState, nowMs: number): DueEscalation[] {
  const policy = world.pingPong
  if (!policy) return []
  const out: DueEscalation[] = []
  const rejectedPairs = new Set<string>()
  let hops = 0
  for (const h of state.handoffs) {
    const pair = `${h.from}\u0000${h.to}`
    const reasons = pingPongReasons(h, rejectedPairs.has(pair), hops, policy)
    if (h.state === 'REJECTED') rejectedPairs.add(pair)
    if (h.state === 'ACCEPTED') hops += 1
    if (reasons.length === 0 || Date.parse(h.offeredAt) > nowMs) continue
    const [party, desk] = policy.escalateTo.split('/')
    out.push({
      key: `pingpong:${h.id}`,
      kind: 'ping-pong',
      at: h.offeredAt,
      reason: `ping-pong: ${reasons.join('; ')}`,
      step: null,
      repeat: 0,
      party: party!,
      desk: desk ?? null,
      recipients: deskRecipients(world, party!, desk ?? null, null),
      handoffId: h.id,
    })
  }
  return out
}
