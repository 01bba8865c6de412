import type { IncidentEvent } from '../events/incident-event.ts'
import type { AgreementConfig, World } from '../world/world.ts'
import type { ClockView } from '../clocks/clock-view.ts'
import { computeIncidentView } from '../clocks/compute-clocks.ts'
import { attributeBreaches, type Attribution } from '../clocks/attribute-breaches.ts'
import {
  computeCredits,
  type CreditLine,
  type CreditStatement,
} from '../credits/compute-credits.ts'

/** What an incident's close fixes for good: its clocks, who breached what, and what each UC owes. */
export type Settlement = {
  closedAt: string
  clocks: ClockView[]
  attribution: Attribution
  /** one statement per agreement with credit terms that the incident touched (no monthly cap: that is the period's) */
  credits: CreditStatement[]
  lines: CreditLine[]
  agreements: Array<{ slug: string; version: number }>
}

/** Agreements of the (pinned) world that carry credit terms, newest version per slug. */
export function creditAgreements(world: Pick<World, 'agreements'>): AgreementConfig[] {
  const best = new Map<string, AgreementConfig>()
  for (const a of world.agreements) {
    if (!a.credits) continue
    const seen = best.get(a.slug)
    if (!seen || seen.version < a.version) best.set(a.slug, a)
  }
  return [...best.values()].sort((a, b) => a.slug.localeCompare(b.slug))
}

/** The settlement of a closed incident from its events and its pinned world, judged at closedAt. */
export function computeSettlement(input: {
  events: readonly IncidentEvent[]
  world: World
  closedAt: string
}): Settlement {
  const at = new Date(input.closedAt)
  const view = computeIncidentView(
    { events: input.events, world: input.world, options: { pingPong: input.world.pingPong } },
    at
  )
  const attribution = attributeBreaches(view.clocks, view.accountability, at)
  const credits = creditAgreements(input.world)
    .map((a) => computeCredits(a, view.clocks))
    .filter(
      (s): s is CreditStatement => s !== undefined && (s.lines.length > 0 || s.excluded.length > 0)
    )
  return {
    closedAt: at.toISOString(),
    clocks: view.clocks,
    attribution,
    credits,
    lines: credits.flatMap((s) => s.lines),
    agreements: input.world.agreements
      .map((a) => ({ slug: a.slug, version: a.version }))
      .sort((a, b) => a.slug.localeCompare(b.slug)),
  }
}

export type SettlementDiff = {
  /** clocks whose state or attribution differs: before/after */
  clocks: Array<{
    clockId: string
    before: { state: string; attributedTo: string | null } | null
    after: { state: string; attributedTo: string | null } | null
  }>
  credits: Array<{ party: string; agreement: string; before: number; after: number; delta: number }>
  totalDelta: number
}

const round2 = (n: number) => Math.round(n * 100) / 100
const key = (s: CreditStatement) => `${s.party}|${s.agreement.slug}`

/** What would change between a persisted settlement and a recomputed one (a what-if). */
export function diffSettlements(
  before: Pick<Settlement, 'clocks' | 'credits'>,
  after: Pick<Settlement, 'clocks' | 'credits'>
): SettlementDiff {
  // Versions may differ between the two: compare clocks by agreement slug, metric, party and cycle.
  const norm = (id: string) => id.replace(/@\d+\//, '/')
  const b = new Map(before.clocks.map((c) => [norm(c.id), c]))
  const a = new Map(after.clocks.map((c) => [norm(c.id), c]))
  const clocks: SettlementDiff['clocks'] = []
  for (const id of [...new Set([...b.keys(), ...a.keys()])].sort()) {
    const x = b.get(id)
    const y = a.get(id)
    if (x && y && x.state === y.state && x.attributedTo === y.attributedTo) continue
    clocks.push({
      clockId: id,
      before: x ? { state: x.state, attributedTo: x.attributedTo } : null,
      after: y ? { state: y.state, attributedTo: y.attributedTo } : null,
    })
  }
  const cb = new Map(before.credits.map((s) => [key(s), s]))
  const ca = new Map(after.credits.map((s) => [key(s), s]))
  const credits = [...new Set([...cb.keys(), ...ca.keys()])]
    .sort()
    .map((k) => {
      const [party = '', agreement = ''] = k.split('|')
      const x = cb.get(k)?.total ?? 0
      const y = ca.get(k)?.total ?? 0
      return { party, agreement, before: x, after: y, delta: round2(y - x) }
    })
    .filter((d) => d.delta !== 0)
  return { clocks, credits, totalDelta: round2(credits.reduce((s, d) => s + d.delta, 0)) }
}
