import { useMemo } from 'react'
import { useQuery } from 'urql'
import { Link, useLocation, useSearch } from 'wouter'
import {
  GovernancePartiesDocument,
  VendorCardDocument,
  type PackFilesFragment,
} from '../gql/graphql.ts'
import { apiErrors } from '../util/api-errors.ts'
import { FormErrors } from '../util/Field.tsx'
import { formatIsoDuration, formatMoney, formatPercent } from './format.ts'
import { isMonth, monthLabel, monthOf, monthRange, monthsEnding, shiftMonth } from './months.ts'
import { chartName, svgSource } from './pack-markdown.ts'
import { TrendChart } from './TrendChart.tsx'
import { trendPoints } from './trend-chart.ts'
import styles from './Governance.module.css'

type Vendor = { id: string; slug: string; name: string }

/** Governance: one card per vendor with the month's scorecard, 12 months of trend and its review packs. */
export function VendorsPage() {
  const search = useSearch()
  const [location, navigate] = useLocation()
  const asked = new URLSearchParams(search).get('month')
  const month = isMonth(asked) ? asked : monthOf(Date.now())
  const [parties] = useQuery({ query: GovernancePartiesDocument })
  const vendors = (parties.data?.parties ?? [])
    .filter((p) => p.kind !== 'RETAINED')
    .sort((a, b) => a.name.localeCompare(b.name))
  const go = (m: string) => navigate(`${location}?month=${m}`, { replace: true })
  return (
    <div className={styles.page}>
      <div className={styles.head}>
        <h1>Vendors</h1>
        <nav aria-label='Month' className={styles.monthNav}>
          <button type='button' onClick={() => go(shiftMonth(month, -1))}>
            <span aria-hidden='true'>‹</span> {monthLabel(shiftMonth(month, -1), 'short')}
            <span className='visually-hidden'> {shiftMonth(month, -1).slice(0, 4)}</span>
          </button>
          <label>
            <span className='visually-hidden'>Month</span>
            <input
              type='month'
              value={month}
              onChange={(e) => isMonth(e.target.value) && go(e.target.value)}
            />
          </label>
          <button type='button' onClick={() => go(shiftMonth(month, 1))}>
            {monthLabel(shiftMonth(month, 1), 'short')}
            <span className='visually-hidden'> {shiftMonth(month, 1).slice(0, 4)}</span>{' '}
            <span aria-hidden='true'>›</span>
          </button>
        </nav>
      </div>
      <p className='muted'>
        Scorecards of {monthLabel(month)} (UTC month; MTTA and MTTR in each vendor&apos;s business
        time), the twelve months up to it, and the monthly review packs.
      </p>
      <FormErrors messages={apiErrors(parties.error).form} />
      {parties.fetching && !parties.data && <p role='status'>Loading vendors…</p>}
      <div className={styles.cards}>
        {vendors.map((v) => (
          <VendorCard key={v.id} vendor={v} month={month} />
        ))}
      </div>
    </div>
  )
}

function VendorCard({ vendor, month }: { vendor: Vendor; month: string }) {
  const months = useMemo(() => monthsEnding(month, 12), [month])
  const [r] = useQuery({
    query: VendorCardDocument,
    variables: { partyId: vendor.id, ...monthRange(month), months },
  })
  const s = r.data?.scorecard
  const titleId = `vendor-${vendor.slug}`
  const currency = s?.currency ?? r.data?.creditStatements[0]?.currency ?? null
  return (
    <section aria-labelledby={titleId} className={styles.card} data-vendor={vendor.slug}>
      <div className={styles.cardHead}>
        <h2 id={titleId}>{vendor.name}</h2>
        <Link href={`/integration/${vendor.slug}`}>Integration health</Link>
      </div>
      <FormErrors messages={apiErrors(r.error).form} />
      {!s ? (
        r.fetching && <p role='status'>Loading the scorecard…</p>
      ) : (
        <>
          <dl className={styles.figures} aria-label={`${vendor.name}, ${monthLabel(month)}`}>
            <Figure label='MTTA' value={formatIsoDuration(s.mtta)} sub='business time' />
            <Figure label='MTTR' value={formatIsoDuration(s.mttr)} sub='business time' />
            <Figure label='SLA attainment' value={formatPercent(s.slaAttainment)} />
            <Figure label='UC attainment' value={formatPercent(s.ucAttainment)} />
            <Figure label='OLA attainment' value={formatPercent(s.olaAttainment)} />
            <Figure label='Breaches attributed' value={String(s.breaches)} />
            <Figure label='Credits accrued' value={formatMoney(s.creditsAccrued, currency)} />
            <Figure label='Earned back' value={formatMoney(s.creditsEarnedBack, currency)} />
            <Figure label='Credits owed' value={formatMoney(s.creditsTotal, currency)} strong />
          </dl>
          <p className={styles.note}>
            {s.incidents} incident{s.incidents === 1 ? '' : 's'} touched · business time on{' '}
            <span className='mono'>{s.calendar}</span>
            {s.creditsAdjustments !== 0 &&
              ` · disputes upheld ${formatMoney(s.creditsAdjustments, currency)}`}
          </p>
          {s.breachesAttributed.length > 0 && (
            <details>
              <summary>Breaches attributed ({s.breachesAttributed.length})</summary>
              <ul className={styles.breaches}>
                {s.breachesAttributed.map((b) => (
                  <li key={`${b.incidentKey}/${b.clockId}`}>
                    <Link href={`/incidents/${encodeURIComponent(b.incidentKey)}`}>
                      {b.incidentKey}
                    </Link>{' '}
                    {b.kind} {b.metric.toLowerCase()} <span className='mono'>{b.agreement}</span>{' '}
                    <span className='muted'>{b.breachedAt.slice(0, 16).replace('T', ' ')} UTC</span>
                  </li>
                ))}
              </ul>
            </details>
          )}
        </>
      )}
      {r.data && (
        <TrendChart
          vendor={vendor.name}
          currency={currency}
          points={trendPoints(months, r.data.creditStatements)}
        />
      )}
      {r.data && <Packs vendor={vendor} packs={r.data.reviewPacks} />}
    </section>
  )
}

function Figure({
  label,
  value,
  sub,
  strong,
}: {
  label: string
  value: string
  sub?: string
  strong?: boolean
}) {
  return (
    <div className={strong ? styles.figureStrong : styles.figure}>
      <dt>
        {label}
        {sub && <span className='visually-hidden'> ({sub})</span>}
      </dt>
      <dd data-figure={label}>{value}</dd>
    </div>
  )
}

/** The latest monthly packs: open as a page, or download the CSV and each chart's SVG. */
function Packs({ vendor, packs }: { vendor: Vendor; packs: PackFilesFragment[] }) {
  return (
    <div>
      <h3 className={styles.subhead}>Review packs</h3>
      {packs.length === 0 ? (
        <p className='muted'>No monthly pack stored yet (they are made on the 1st, 06:00 UTC).</p>
      ) : (
        <ul className={styles.packs}>
          {packs.map((p) => (
            <li key={p.id}>
              <Link href={`/vendors/${vendor.slug}/packs/${p.id}`}>{p.title}</Link>
              <PackDownloads pack={p} party={vendor.slug} />
            </li>
          ))}
        </ul>
      )}
    </div>
  )
}

/** Download links for a pack's CSV and charts (data: URLs: the files are already in the page). */
export function PackDownloads({ pack, party }: { pack: PackFilesFragment; party: string }) {
  const base = `${pack.kind.toLowerCase()}-${party}-${pack.periodLabel}`
  return (
    <span className={styles.downloads}>
      <a
        href={`data:text/csv;charset=utf-8,${encodeURIComponent(pack.csv)}`}
        download={`${base}.csv`}
      >
        CSV<span className='visually-hidden'> of {pack.title}</span>
      </a>
      {pack.charts.map((c) => (
        <a key={c.name} href={svgSource(c.svg)} download={c.name}>
          SVG {chartName(c.name)}
          <span className='visually-hidden'> chart of {pack.title}</span>
        </a>
      ))}
    </span>
  )
}
