import { computeIncidentView, type IncidentView } from '../clocks/compute-clocks.ts'
import { partyTime } from './party-time.ts'
import { sumStatements } from './monthly-credits.ts'
import type { Attainment, Scorecard, ScorecardIncident, ScorecardInput } from './scorecard.ts'

const round2 = (n: number) => Math.round(n * 100) / 100
const pct = (a: number, b: number) => (b === 0 ? null : round2((a / b) * 100))
const mean = (xs: number[]) => ({
  count: xs.length,
  meanMs: xs.length === 0 ? null : Math.round(xs.reduce((s, x) => s + x, 0) / xs.length),
})

/** The instant an incident is judged at: its last event once settled, else the period's end. */
const judgedAt = (i: ScorecardIncident, to: string) =>
  new Date(i.settled ? (i.events.at(-1)?.at ?? to) : to)

function viewOf(i: ScorecardIncident, to: string): IncidentView {
  return computeIncidentView(
    { events: i.events, world: i.world, options: { pingPong: i.world.pingPong } },
    judgedAt(i, to)
  )
}

/** Did the party take part: held, offered or was offered, was accountable, or has a clock? */
export function partyTouched(
  party: string,
  view: IncidentView,
  clocks: ScorecardIncident['clocks'],
  retained: boolean
): boolean {
  return (
    retained ||
    view.custody.segments.some((s) => s.party === party || s.waitingOn === party) ||
    view.custody.handoffs.some((h) => h.from === party || h.to === party) ||
    view.accountability.some((a) => a.party === party) ||
    clocks.some((c) => c.party === party || c.attributedTo === party)
  )
}

/** A party's scorecard for [from, to) from its incidents, credit statements and intake figures. */
export function buildScorecard(input: ScorecardInput): Scorecard {
  const { party } = input
  const partyConfig = input.world.parties.find((p) => p.slug === party)
  const retained = partyConfig?.kind === 'RETAINED'
  const rows = input.incidents
    .map((i) => ({ i, view: viewOf(i, input.to) }))
    .filter(({ i, view }) => partyTouched(party, view, i.clocks, retained))
    .sort((a, b) => a.i.key.localeCompare(b.i.key))
  const acks: number[] = []
  const repairs: number[] = []
  const accepts: number[] = []
  const attain = {
    SLA: { met: 0, breached: 0 },
    UC: { met: 0, breached: 0 },
    OLA: { met: 0, breached: 0 },
  }
  const h = { offered: 0, received: 0, accepted: 0, rejected: 0, overdue: 0, bounceBacks: 0 }
  const waiting = new Map<string, number>()
  let held = 0,
    resolvedBy = 0,
    reopened = 0,
    firstTime = 0,
    open = 0,
    heldMs = 0,
    workingMs = 0
  const calendars = new Set<string>()
  const breaches: Scorecard['breachesAttributed'] = []
  for (const { i, view } of rows) {
    const c = view.custody
    const time = partyTime(i.world, party, i.priority)
    calendars.add(time.name)
    const endMs = judgedAt(i, input.to).getTime()
    for (const r of c.responseCycles) {
      if (
        r.party === party &&
        r.endedAt &&
        (r.outcome === 'acknowledged' || r.outcome === 'accepted' || r.outcome === 'rejected')
      )
        acks.push(time.measure(Date.parse(r.startedAt), Date.parse(r.endedAt)))
    }
    if (c.resolvedAt) {
      const resolved = Date.parse(c.resolvedAt)
      const spans = view.accountability.filter((a) => a.party === party)
      if (retained) repairs.push(time.measure(Date.parse(c.openedAt), resolved))
      else if (spans.length > 0)
        repairs.push(spans.reduce((s, a) => s + time.measure(a.from, Math.min(a.to, resolved)), 0))
    }
    for (const k of i.clocks) {
      if (k.party === party && (k.state === 'MET' || k.state === 'BREACHED'))
        attain[k.agreement.kind][k.state === 'MET' ? 'met' : 'breached'] += 1
      if (k.state === 'BREACHED' && k.breachedAt && k.attributedTo === party)
        breaches.push({
          incidentKey: i.key,
          clockId: k.id,
          agreement: `${k.agreement.slug}@${k.agreement.version}`,
          kind: k.agreement.kind,
          metric: k.metric,
          clockParty: k.party,
          breachedAt: k.breachedAt,
        })
    }
    const accepted = c.handoffs
      .filter((x) => x.state === 'ACCEPTED')
      .sort((a, b) => (a.respondedAt ?? '').localeCompare(b.respondedAt ?? ''))
    for (const x of c.handoffs) {
      if (x.from === party) h.offered += 1
      if (x.to !== party) continue
      h.received += 1
      if (
        x.expiredAt ||
        i.clocks.some(
          (k) => k.handoffId === x.id && k.metric === 'HANDOFF_ACCEPT' && k.state === 'BREACHED'
        )
      )
        h.overdue += 1
      if (x.state === 'REJECTED') {
        h.rejected += 1
        h.bounceBacks += 1
      }
      if (x.state === 'ACCEPTED' && x.respondedAt) {
        h.accepted += 1
        accepts.push(Date.parse(x.respondedAt) - Date.parse(x.offeredAt))
      }
    }
    accepted.forEach((x, n) => {
      if (
        n > 0 &&
        x.from === party &&
        accepted[n - 1]?.to === party &&
        accepted[n - 1]?.from === x.to
      )
        h.bounceBacks += 1
    })
    const segs = c.segments.filter((s) => s.party === party)
    if (segs.length > 0) held += 1
    for (const s of segs) {
      const ms = Math.max(0, Math.min(s.to ? Date.parse(s.to) : endMs, endMs) - Date.parse(s.from))
      heldMs += ms
      if (s.state === 'waiting')
        waiting.set(s.reason ?? 'unspecified', (waiting.get(s.reason ?? 'unspecified') ?? 0) + ms)
      else workingMs += ms
    }
    const resolvedEvents = i.events.filter((e) => e.type === 'resolved' && e.party === party)
    if (resolvedEvents.length > 0) {
      resolvedBy += 1
      const firstResolve = resolvedEvents[0]!.at
      const wasReopened = i.events.some(
        (e) => e.type === 'reopened' && Date.parse(e.at) >= Date.parse(firstResolve)
      )
      if (wasReopened) reopened += 1
      if (!wasReopened && !c.handoffs.some((x) => x.from === party)) firstTime += 1
    }
    if (c.status !== 'RESOLVED' && c.status !== 'CLOSED') open += 1
  }
  const att = (a: { met: number; breached: number }): Attainment => ({
    ...a,
    percent: pct(a.met, a.met + a.breached),
  })
  const sums = sumStatements(input.credits)
  return {
    party,
    partyName: partyConfig?.name ?? party,
    from: input.from,
    to: input.to,
    calendar: [...calendars].sort().join(', ') || 'wall-clock',
    incidents: { touched: rows.length, held, resolvedByParty: resolvedBy, open },
    mtta: mean(acks),
    mttr: mean(repairs),
    attainment: { SLA: att(attain.SLA), UC: att(attain.UC), OLA: att(attain.OLA) },
    breachesAttributed: breaches.sort(
      (a, b) => a.breachedAt.localeCompare(b.breachedAt) || a.clockId.localeCompare(b.clockId)
    ),
    credits: {
      currency: input.credits[0]?.currency ?? null,
      ...sums,
      statements: [...input.credits],
    },
    handoffs: { ...h, meanTimeToAcceptMs: mean(accepts).meanMs },
    reopenRate: pct(reopened, resolvedBy),
    firstTimeFixRate: pct(firstTime, resolvedBy),
    timeHeld: {
      totalMs: heldMs,
      workingMs,
      waiting: [...waiting]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([reason, ms]) => ({ reason, ms, share: pct(ms, heldMs) ?? 0 })),
    },
    integration: input.integration,
  }
}
