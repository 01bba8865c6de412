import { formatDuration, formatMoney, formatPercent, markdownTable, toCsv } from './format.ts'
import { renderBarChart, renderLineChart } from './svg-charts.ts'
import type { MonthlyPackInput, ReviewPack, TimeHeld, TrendPoint } from './review-pack.ts'

export const attainmentTrendChart = (title: string, trend: readonly TrendPoint[]) =>
  renderLineChart({
    title,
    yLabel: 'attainment %',
    series: (['UC', 'OLA', 'SLA'] as const)
      .map((k) => ({
        name: `${k} attainment`,
        points: trend.map((t) => ({ x: t.month, y: t.attainment[k] })),
      }))
      .filter((s) => s.points.some((p) => p.y !== null)),
  })
export const timeHeldChart = (title: string, held: readonly TimeHeld[]) =>
  renderBarChart({
    title,
    bars: held.map((h) => ({ label: h.party, value: h.ms, display: formatDuration(h.ms) })),
  })

/** The monthly pack one vendor receives: its scorecard, its credits line by line, its trend. */
export function renderMonthlyPack(input: MonthlyPackInput): ReviewPack {
  const s = input.scorecard
  const month = s.from.slice(0, 7)
  const currency = s.credits.currency
  const charts = [
    {
      name: `${s.party}-${month}-attainment.svg`,
      svg: attainmentTrendChart(`${s.partyName}: attainment by month`, input.trend),
    },
    {
      name: `${s.party}-${month}-time-held.svg`,
      svg: timeHeldChart(
        `Time held per party, incidents ${s.partyName} touched (${month})`,
        input.timeHeld
      ),
    },
  ]
  const creditRows = s.credits.statements.flatMap((st) => [
    ...st.lines.map((l) => [
      st.month,
      l.agreement.slug,
      l.clockId,
      l.breachedAt,
      formatMoney(l.amount, st.currency),
      l.reason,
    ]),
    ...st.adjustments.map((a) => [
      st.month,
      st.agreement.slug,
      `${a.incidentKey}#${a.clockId}`,
      '',
      formatMoney(a.amount, st.currency),
      a.reason,
    ]),
  ])
  const statementRows = s.credits.statements.map((st) => [
    st.month,
    st.agreement.slug,
    formatPercent(st.attainment),
    formatMoney(st.perBreachTotal, st.currency),
    st.cap === null ? '—' : formatMoney(st.cap, st.currency),
    formatMoney(st.owed, st.currency),
    formatMoney(st.earnedBack, st.currency),
    formatMoney(st.total, st.currency),
  ])
  const markdown = [
    `# ${s.partyName}: monthly service review, ${month}`,
    '',
    `Period ${s.from} to ${s.to} (UTC). Business time is measured on ${s.calendar}. Generated ${input.generatedAt}.`,
    '',
    '## Summary',
    '',
    markdownTable(
      ['figure', 'value'],
      [
        ['incidents touched', s.incidents.touched],
        ['incidents held', s.incidents.held],
        ['still open', s.incidents.open],
        ['MTTA (business time)', `${formatDuration(s.mtta.meanMs)} over ${s.mtta.count}`],
        [
          'MTTR (accountable business time)',
          `${formatDuration(s.mttr.meanMs)} over ${s.mttr.count}`,
        ],
        ['UC attainment', formatPercent(s.attainment.UC.percent)],
        ['OLA attainment', formatPercent(s.attainment.OLA.percent)],
        ['SLA attainment', formatPercent(s.attainment.SLA.percent)],
        ['breaches attributed', s.breachesAttributed.length],
        ['credits owed', formatMoney(s.credits.total, currency)],
        ['credits earned back', formatMoney(s.credits.earnedBack, currency)],
      ]
    ),
    '',
    '## Breaches attributed',
    '',
    markdownTable(
      ['incident', 'agreement', 'kind', 'metric', 'clock of', 'breached at'],
      s.breachesAttributed.map((b) => [
        b.incidentKey,
        b.agreement,
        b.kind,
        b.metric,
        b.clockParty,
        b.breachedAt,
      ])
    ),
    '',
    '## Service credits',
    '',
    markdownTable(
      [
        'month',
        'agreement',
        'attainment',
        'per-breach total',
        'monthly cap',
        'owed',
        'earned back',
        'total',
      ],
      statementRows
    ),
    '',
    markdownTable(['month', 'agreement', 'clock', 'breached at', 'amount', 'reason'], creditRows),
    '',
    '## Hand-offs',
    '',
    markdownTable(
      [
        'offered',
        'received',
        'accepted',
        'rejected',
        'overdue',
        'bounce-backs',
        'mean time to accept',
      ],
      [
        [
          s.handoffs.offered,
          s.handoffs.received,
          s.handoffs.accepted,
          s.handoffs.rejected,
          s.handoffs.overdue,
          s.handoffs.bounceBacks,
          formatDuration(s.handoffs.meanTimeToAcceptMs),
        ],
      ]
    ),
    '',
    `Reopen rate ${formatPercent(s.reopenRate)}; first-time fix ${formatPercent(s.firstTimeFixRate)}. Time held ${formatDuration(s.timeHeld.totalMs)}, of which waiting: ${s.timeHeld.waiting.length === 0 ? 'none' : s.timeHeld.waiting.map((w) => `${w.reason} ${formatPercent(w.share)}`).join(', ')}.`,
    '',
    '## Integration health',
    '',
    markdownTable(
      ['received', 'applied', 'refused', 'dead-lettered', 'pending', 'duplicates'],
      [
        [
          s.integration.received,
          s.integration.applied,
          s.integration.refused,
          s.integration.deadLettered,
          s.integration.pending,
          s.integration.duplicates ?? '—',
        ],
      ]
    ),
    '',
    '## Trend',
    '',
    charts[0]!.svg,
    charts[1]!.svg,
  ].join('\n')
  const csv = toCsv(
    ['section', 'month', 'agreement', 'item', 'at', 'amount', 'currency', 'detail'],
    [
      ...s.breachesAttributed.map((b) => [
        'breach',
        b.breachedAt.slice(0, 7),
        b.agreement,
        `${b.incidentKey}#${b.clockId}`,
        b.breachedAt,
        null,
        null,
        `${b.kind} ${b.metric}`,
      ]),
      ...s.credits.statements.flatMap((st) => [
        ...st.lines.map((l) => [
          'credit',
          st.month,
          st.agreement.slug,
          l.clockId,
          l.breachedAt,
          l.amount,
          st.currency,
          l.reason,
        ]),
        ...st.adjustments.map((a) => [
          'adjustment',
          st.month,
          st.agreement.slug,
          `${a.incidentKey}#${a.clockId}`,
          null,
          a.amount,
          st.currency,
          a.reason,
        ]),
        [
          'statement',
          st.month,
          st.agreement.slug,
          'total',
          null,
          st.total,
          st.currency,
          `owed ${st.owed}, earned back ${st.earnedBack}, cap ${st.cap ?? 'none'}`,
        ],
      ]),
      ...input.trend.map((t) => [
        'trend',
        t.month,
        null,
        'attainment',
        null,
        null,
        null,
        `UC ${t.attainment.UC ?? ''} OLA ${t.attainment.OLA ?? ''} SLA ${t.attainment.SLA ?? ''} credits ${t.credits}`,
      ]),
    ]
  )
  return {
    kind: 'monthly',
    party: s.party,
    periodLabel: month,
    from: s.from,
    to: s.to,
    title: `${s.partyName}: monthly service review, ${month}`,
    markdown,
    csv,
    charts,
  }
}
