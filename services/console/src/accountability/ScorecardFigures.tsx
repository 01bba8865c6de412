import type { ScorecardFiguresFragment } from '../gql/graphql.ts'
import { formatDuration, parseDuration } from '../util/duration.ts'
import { formatMoney, formatPercent } from './format.ts'
import styles from './accountability.module.css'

const duration = (iso: string | null) => (iso ? formatDuration(parseDuration(iso)) : '—')

/** A scorecard's headline figures: MTTA/MTTR in the party's business time, attainment, breaches, credits. */
export function ScorecardFigures({ scorecard: s }: { scorecard: ScorecardFiguresFragment }) {
  const items: [string, string, string?][] = [
    ['MTTA', duration(s.mtta), `business time (${s.calendar})`],
    ['MTTR', duration(s.mttr), 'accountable time'],
    ['SLA attainment', formatPercent(s.slaAttainment)],
    ['UC attainment', formatPercent(s.ucAttainment)],
    ['OLA attainment', formatPercent(s.olaAttainment), 'hand-off acceptance'],
    ['Breaches attributed', String(s.breaches)],
    [
      'Incidents',
      String(s.incidents),
      `${s.incidentsHeld} held, ${s.incidentsResolved} resolved, ${s.incidentsOpen} open`,
    ],
    ['Credits accrued', formatMoney(s.creditsAccrued, s.currency)],
    ['Earned back', formatMoney(s.creditsEarnedBack, s.currency)],
    ['Disputes accepted', formatMoney(s.creditsAdjustments, s.currency)],
    ['Credits owed', formatMoney(s.creditsTotal, s.currency)],
  ]
  return (
    <dl className={styles.figures}>
      {items.map(([label, value, sub]) => (
        <div key={label} className={styles.figure}>
          <dt>{label}</dt>
          <dd>
            {value}
            {sub && <span className={styles.sub}>{sub}</span>}
          </dd>
        </div>
      ))}
    </dl>
  )
}

/** Inbound integration figures (received, applied, refused, dead-lettered, pending). */
export function IntegrationHealthFigures({
  health: h,
}: {
  health: ScorecardFiguresFragment['integration']
}) {
  const items: [string, number][] = [
    ['Received', h.received],
    ['Applied', h.applied],
    ['Refused', h.refused],
    ['Dead letters', h.deadLettered],
    ['Pending', h.pending],
  ]
  return (
    <dl className={styles.figures}>
      {items.map(([label, value]) => (
        <div key={label} className={styles.figure}>
          <dt>{label}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  )
}
