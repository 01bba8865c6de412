import type { AgreementConfig } from '../world/world.ts'
import type { ClockView } from '../clocks/clock-view.ts'

export type CreditLine = {
  party: string
  agreement: { slug: string; version: number }
  clockId: string
  breachedAt: string
  amount: number
  currency: string
  reason: string
}
export type ExcludedBreach = { clockId: string; breachedAt: string; reason: string }
export type CreditStatement = {
  party: string
  agreement: { slug: string; version: number }
  currency: string
  lines: CreditLine[]
  excluded: ExcludedBreach[]
  /** % of the provider's own clocks under this agreement that were met */
  attainment: number | null
  perBreachTotal: number
  bandCredit: number
  cap: number | null
  /** after the monthly cap */
  owed: number
  earnedBack: number
  /** what is finally owed for the period */
  total: number
}

export type CreditOptions = {
  /** attainment (%) of each later period, in order, for earn-back */
  laterAttainments?: readonly number[]
}

type Rule = NonNullable<AgreementConfig['credits']>['perBreach'][number]

// A rule speaks of the provider's breaches: its own UC clocks by metric, its hand-off acceptance
// (OLA) clocks as receiver, or 'SLA' for end-to-end breaches attributed to it.
function ruleMatches(rule: Rule, a: AgreementConfig, c: ClockView): boolean {
  if (rule.priority && !rule.priority.includes(c.priority)) return false
  if (rule.metric === 'SLA') return c.agreement.kind === 'SLA'
  if (c.metric !== rule.metric) return false
  if (rule.metric === 'HANDOFF_ACCEPT')
    return c.party === a.provider && (c.agreement.kind === 'OLA' || c.agreement.slug === a.slug)
  return c.party === a.provider && c.agreement.slug === a.slug
}

const round2 = (n: number) => Math.round(n * 100) / 100

/**
 * Service credits a provider owes under one agreement for one period, from the period's clocks
 * (every incident's): per-breach amounts, exclusions (attributed to another party or the
 * retained organisation), a band by attainment, the monthly cap, then earn-back.
 */
export function computeCredits(
  agreement: AgreementConfig,
  clocks: readonly ClockView[],
  options: CreditOptions = {}
): CreditStatement | undefined {
  const rule = agreement.credits
  if (!rule) return undefined
  const provider = agreement.provider
  const ref = { slug: agreement.slug, version: agreement.version }
  const fee = rule.monthlyFee
  const lines: CreditLine[] = []
  const excluded: ExcludedBreach[] = []
  for (const c of clocks) {
    if (c.state !== 'BREACHED' || c.breachedAt === null) continue
    const r = rule.perBreach.find((x) => ruleMatches(x, agreement, c))
    if (!r) continue
    const label =
      c.agreement.kind === 'SLA'
        ? `end-to-end SLA ${c.agreement.slug}`
        : `${c.metric} ${c.agreement.slug}`
    if (r.attributedToProvider && c.attributedTo !== provider) {
      excluded.push({
        clockId: c.id,
        breachedAt: c.breachedAt,
        reason: `${label} breach attributed to ${c.attributedTo ?? 'nobody'}, not ${provider}`,
      })
      continue
    }
    const amount = round2(r.fixed ?? ((r.percent ?? 0) / 100) * fee)
    const how = r.fixed !== undefined ? `fixed ${r.fixed}` : `${r.percent ?? 0}% of the monthly fee`
    lines.push({
      party: provider,
      agreement: ref,
      clockId: c.id,
      breachedAt: c.breachedAt,
      amount,
      currency: rule.currency,
      reason: `${c.priority} ${label} breached at ${c.breachedAt}: ${how}`,
    })
  }
  const own = clocks.filter(
    (c) =>
      c.party === provider &&
      c.agreement.slug === agreement.slug &&
      (c.state === 'MET' || c.state === 'BREACHED')
  )
  const attainment =
    own.length === 0
      ? null
      : round2((own.filter((c) => c.state === 'MET').length / own.length) * 100)
  const band =
    attainment === null
      ? undefined
      : [...rule.bands]
          .sort((x, y) => y.minAttainment - x.minAttainment)
          .find((b) => attainment >= b.minAttainment)
  const bandCredit = round2(((band?.percent ?? 0) / 100) * fee)
  const perBreachTotal = round2(lines.reduce((s, l) => s + l.amount, 0))
  const cap =
    rule.monthlyCapPercent === undefined ? null : round2((rule.monthlyCapPercent / 100) * fee)
  const owed = round2(Math.min(perBreachTotal + bandCredit, cap ?? Infinity))
  const later = options.laterAttainments ?? []
  const eb = rule.earnBack
  const earned =
    eb !== undefined &&
    later.length >= eb.periods &&
    later.slice(0, eb.periods).every((x) => x >= eb.minAttainment)
  const earnedBack = earned ? owed : 0
  return {
    party: provider,
    agreement: ref,
    currency: rule.currency,
    lines,
    excluded,
    attainment,
    perBreachTotal,
    bandCredit,
    cap,
    owed,
    earnedBack,
    total: round2(owed - earnedBack),
  }
}
