import type { AgreementConfig } from '../world/world.ts'
import type { ClockView } from '../clocks/clock-view.ts'
import { computeCredits, type CreditStatement } from '../credits/compute-credits.ts'
import { monthOf } from './period.ts'

/** A settled clock of one incident; `id` is qualified by the incident key when periods are summed. */
export type PeriodClock = ClockView & { incidentKey: string }
export type CreditAdjustment = {
  clockId: string
  incidentKey: string
  amount: number
  reason: string
}
export type MonthlyCreditStatement = CreditStatement & {
  month: string
  /** what the period would owe without accepted disputes */
  grossTotal: number
  /** one negative line per breach removed by an accepted dispute */
  adjustments: CreditAdjustment[]
}

/** A clock's id made unique across incidents: 'INC-1#stratus-hosting@1/RESPONSE/stratus/1'. */
export const qualifiedClockId = (incidentKey: string, clockId: string) =>
  `${incidentKey}#${clockId}`

/** The month a clock counts in: its breach instant, else the instant it was met. */
export function clockMonth(c: ClockView): string | null {
  if (c.breachedAt) return monthOf(c.breachedAt)
  if (c.state === 'MET' && c.stoppedAt) return monthOf(c.stoppedAt)
  return null
}

const round2 = (n: number) => Math.round(n * 100) / 100

/**
 * Monthly statements of one agreement: breaches bucketed by the month of breachedAt, the cap
 * applied per month, earn-back judged on the attainment of the months after (a month with
 * none of the provider's clocks counts as 100 %). `disputed` holds qualified clock ids whose
 * breach an accepted dispute removed: they leave the statement and appear as adjustments.
 */
export function computeMonthlyCredits(
  agreement: AgreementConfig,
  clocks: readonly PeriodClock[],
  o: { months: readonly string[]; disputed?: ReadonlySet<string> }
): MonthlyCreditStatement[] {
  const disputed = o.disputed ?? new Set<string>()
  const months = [...o.months].sort()
  const byMonth = new Map<string, ClockView[]>(months.map((m) => [m, []]))
  for (const c of clocks) {
    const m = clockMonth(c)
    const bucket = m === null ? undefined : byMonth.get(m)
    bucket?.push({ ...c, id: qualifiedClockId(c.incidentKey, c.id) })
  }
  const base = months.map((m) => computeCredits(agreement, byMonth.get(m) ?? []))
  const attainments = base.map((s) => s?.attainment ?? 100)
  const out: MonthlyCreditStatement[] = []
  months.forEach((month, i) => {
    const all = byMonth.get(month) ?? []
    const kept = all.filter((c) => !(disputed.has(c.id) && c.state === 'BREACHED'))
    const later = { laterAttainments: attainments.slice(i + 1) }
    const gross = computeCredits(agreement, all, later)
    const net = computeCredits(agreement, kept, later)
    if (!gross || !net) return
    const adjustments = gross.lines
      .filter((l) => disputed.has(l.clockId))
      .map((l) => {
        const [incidentKey = '', clockId = ''] = l.clockId.split('#')
        return { clockId, incidentKey, amount: -l.amount, reason: `dispute accepted: ${l.reason}` }
      })
    const excluded = [
      ...net.excluded,
      ...all
        .filter((c) => disputed.has(c.id) && c.state === 'BREACHED')
        .map((c) => ({
          clockId: c.id,
          breachedAt: c.breachedAt ?? '',
          reason: 'breach removed by an accepted dispute',
        })),
    ]
    out.push({ ...net, excluded, month, grossTotal: gross.total, adjustments })
  })
  return out
}

/** Sums a run of monthly statements (one currency per agreement). */
export function sumStatements(statements: readonly MonthlyCreditStatement[]) {
  return {
    accrued: round2(statements.reduce((s, x) => s + x.owed, 0)),
    earnedBack: round2(statements.reduce((s, x) => s + x.earnedBack, 0)),
    adjustments: round2(
      statements.reduce((s, x) => s + x.adjustments.reduce((a, l) => a + l.amount, 0), 0)
    ),
    total: round2(statements.reduce((s, x) => s + x.total, 0)),
  }
}
