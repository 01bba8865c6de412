import { formatDuration, formatMoney, formatPercent, markdownTable, toCsv } from './format.ts'
import { renderBarChart, renderLineChart } from './svg-charts.ts'
import type { QuarterlyPackInput, ReviewPack } from './review-pack.ts'

const rank = <T>(xs: readonly T[], by: (x: T) => number | null) => {
  const vals = xs
    .map(by)
    .filter((v): v is number => v !== null)
    .sort((a, b) => b - a)
  return (x: T) => {
    const v = by(x)
    return v === null ? '—' : String(vals.indexOf(v) + 1)
  }
}

/** The quarterly strategic pack: every vendor side by side, ranked against each other. */
export function renderQuarterlyPack(input: QuarterlyPackInput): ReviewPack {
  const cards = [...input.scorecards].sort((a, b) => a.party.localeCompare(b.party))
  const ucRank = rank(cards, (s) => s.attainment.UC.percent)
  const charts = [
    {
      name: `quarterly-${input.label}-uc-attainment.svg`,
      svg: renderLineChart({
        title: `UC attainment by month, ${input.label}`,
        yLabel: 'attainment %',
        series: input.trends.map((t) => ({
          name: t.party,
          points: t.points.map((p) => ({ x: p.month, y: p.attainment.UC })),
        })),
      }),
    },
    {
      name: `quarterly-${input.label}-time-held.svg`,
      svg: renderBarChart({
        title: `Time held per party, ${input.label}`,
        bars: cards.map((s) => ({
          label: s.party,
          value: s.timeHeld.totalMs,
          display: formatDuration(s.timeHeld.totalMs),
        })),
      }),
    },
  ]
  const row = (s: (typeof cards)[number]) => [
    s.partyName,
    s.incidents.touched,
    formatDuration(s.mtta.meanMs),
    formatDuration(s.mttr.meanMs),
    formatPercent(s.attainment.UC.percent),
    ucRank(s),
    formatPercent(s.attainment.OLA.percent),
    s.breachesAttributed.length,
    formatMoney(s.credits.total, s.credits.currency),
    s.handoffs.bounceBacks,
    formatPercent(s.reopenRate),
    formatPercent(s.firstTimeFixRate),
  ]
  const headers = [
    'party',
    'incidents',
    'MTTA',
    'MTTR',
    'UC attainment',
    'UC rank',
    'OLA attainment',
    'breaches attributed',
    'credits',
    'bounce-backs',
    'reopen rate',
    'first-time fix',
  ]
  const markdown = [
    `# Quarterly strategic review, ${input.label}`,
    '',
    `Period ${input.from} to ${input.to} (UTC). Generated ${input.generatedAt}. Each party's MTTA and MTTR are in its own business time.`,
    '',
    '## All parties side by side',
    '',
    markdownTable(headers, cards.map(row)),
    '',
    '## Trend',
    '',
    charts[0]!.svg,
    charts[1]!.svg,
  ].join('\n')
  const csv = toCsv(
    [
      'party',
      'incidents',
      'mtta_ms',
      'mttr_ms',
      'uc_attainment',
      'ola_attainment',
      'sla_attainment',
      'breaches_attributed',
      'credits_total',
      'currency',
      'handoffs_offered',
      'handoffs_accepted',
      'bounce_backs',
      'reopen_rate',
      'first_time_fix',
    ],
    cards.map((s) => [
      s.party,
      s.incidents.touched,
      s.mtta.meanMs,
      s.mttr.meanMs,
      s.attainment.UC.percent,
      s.attainment.OLA.percent,
      s.attainment.SLA.percent,
      s.breachesAttributed.length,
      s.credits.total,
      s.credits.currency,
      s.handoffs.offered,
      s.handoffs.accepted,
      s.handoffs.bounceBacks,
      s.reopenRate,
      s.firstTimeFixRate,
    ])
  )
  return {
    kind: 'quarterly',
    party: null,
    periodLabel: input.label,
    from: input.from,
    to: input.to,
    title: `Quarterly strategic review, ${input.label}`,
    markdown,
    csv,
    charts,
  }
}
