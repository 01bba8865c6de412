import { and, eq, gte } from 'drizzle-orm'
import {
  computeMonthlyCredits,
  monthOf,
  monthRange,
  nextMonth,
  qualifiedClockId,
  type AgreementConfig,
  type ClockView,
  type MonthlyCreditStatement,
  type PeriodClock,
  type World,
} from '@baton/domain'
import type { Database } from '../create-db.ts'
import { incidents } from '../tables/incidents.ts'
import { disputes, incidentSettlements } from '../tables/accountability.ts'
import { loadWorld } from '../world/load-world.ts'

/** The version of an agreement whose terms govern a month: the newest in force at its start (else the first). */
function termsFor(
  versions: readonly AgreementConfig[],
  month: string
): AgreementConfig | undefined {
  const start = Date.parse(monthRange(month).from)
  const sorted = [...versions].sort((a, b) => a.version - b.version)
  return sorted.filter((a) => Date.parse(a.effectiveFrom) <= start).at(-1) ?? sorted[0]
}

/**
 * A party's monthly credit statements under each of its agreements with credit terms, from the
 * settled clocks of every incident, minus breaches removed by accepted disputes. Earn-back looks
 * at the complete months after each one, up to `asOf`.
 */
export async function monthlyCreditStatements(
  db: Database,
  party: string,
  months: readonly string[],
  o: { asOf?: Date; world?: World } = {}
): Promise<MonthlyCreditStatement[]> {
  if (months.length === 0) return []
  const world = o.world ?? (await loadWorld(db))
  const sorted = [...months].sort()
  const series = [...sorted]
  const lastComplete = monthOf(
    new Date(
      Date.parse(monthRange(monthOf((o.asOf ?? new Date()).toISOString())).from) - 1
    ).toISOString()
  )
  for (let m = nextMonth(sorted.at(-1)!); m <= lastComplete; m = nextMonth(m)) series.push(m)
  const settlements = await db
    .select({ key: incidentSettlements.incidentKey, clocks: incidentSettlements.clocks })
    .from(incidentSettlements)
    .where(gte(incidentSettlements.closedAt, new Date(monthRange(sorted[0]!).from)))
  const clocks: PeriodClock[] = settlements.flatMap((s) =>
    (s.clocks as ClockView[]).map((c) => ({ ...c, incidentKey: s.key }))
  )
  const accepted = await db
    .select({ key: incidents.key, clockId: disputes.clockId })
    .from(disputes)
    .innerJoin(incidents, eq(incidents.id, disputes.incidentId))
    .where(and(eq(disputes.state, 'ACCEPTED'), eq(disputes.party, party)))
  const disputed = new Set(accepted.map((d) => qualifiedClockId(d.key, d.clockId)))
  const slugs = [
    ...new Set(
      world.agreements.filter((a) => a.provider === party && a.credits).map((a) => a.slug)
    ),
  ].sort()
  const wanted = new Set(sorted)
  return slugs.flatMap((slug) => {
    const versions = world.agreements.filter((a) => a.slug === slug)
    // One computation per governing version; each month keeps the statement of its own terms.
    const byVersion = new Map<number, MonthlyCreditStatement[]>()
    return sorted.flatMap((month) => {
      const terms = termsFor(versions, month)
      if (!terms) return []
      let run = byVersion.get(terms.version)
      if (!run)
        byVersion.set(
          terms.version,
          (run = computeMonthlyCredits(terms, clocks, { months: series, disputed }))
        )
      return run.filter((st) => st.month === month && wanted.has(month))
    })
  })
}
