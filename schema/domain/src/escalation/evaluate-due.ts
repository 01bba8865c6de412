import type { IncidentState } from '../custody/incident-state.ts'
import { evaluatePingPong } from '../custody/ping-pong.ts'
import { nextClockDeadline, type ClockView } from '../clocks/clock-view.ts'
import type { World } from '../world/world.ts'
import { deskRecipients } from './desk-recipients.ts'
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
  recipients: string[]
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
 * What is due on an incident as of `now`, and when next: the one answer the incident workflow
 * acts on and the what-if replays. Retrospective: everything due at or before `now` is listed
 * (callers fire each escalation key once), so a late evaluation gives the same escalations.
 * Expiries change the incident (they are events): apply them, then ask again for the rest.
 */
export function evaluateDue(input: DueInput, now: Date): DueEffects {
  const { world, state, clocks } = input
  const nowMs = now.getTime()
  const expiries: DueExpiry[] = []
  for (const c of clocks) {
    if (c.metric !== 'HANDOFF_ACCEPT' || c.state !== 'BREACHED' || !c.handoffId || !c.breachedAt)
      continue
    const h = state.handoffs.find((x) => x.id === c.handoffId)
    if (h?.state !== 'OFFERED' || expiries.some((e) => e.handoffId === h.id)) continue
    const at =
      Date.parse(c.breachedAt) >= Date.parse(state.lastEventAt) ? c.breachedAt : state.lastEventAt
    expiries.push({
      handoffId: h.id,
      party: h.to,
      at,
      clockId: c.id,
      reason: `hand-off ${h.id} to ${h.to} not answered within ${c.agreement.slug}`,
    })
  }
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
      recipients: d.recipients.map((r) => (r.address ? `${r.name} <${r.address}>` : r.name)),
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
  state.handoffs.forEach((h, i) => {
    if (Date.parse(h.offeredAt) > nowMs) return
    const verdict = evaluatePingPong(
      { ...state, handoffs: state.handoffs.slice(0, i) },
      { from: h.from, to: h.to },
      policy
    )
    if (!verdict.triggered || !verdict.escalateTo) return
    const [party, desk] = verdict.escalateTo.split('/')
    out.push({
      key: `pingpong:${h.id}`,
      kind: 'ping-pong',
      at: h.offeredAt,
      reason: `ping-pong: ${verdict.reasons.join('; ')}`,
      step: null,
      repeat: 0,
      party: party!,
      desk: desk ?? null,
      recipients: deskRecipients(world, party!, desk ?? null, null),
      handoffId: h.id,
    })
  })
  return out
}
