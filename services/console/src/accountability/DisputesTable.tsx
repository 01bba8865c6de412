import { Link } from 'wouter'
import type { DisputeSummaryFragment } from '../gql/graphql.ts'
import { TableHead } from '../util/TableHead.tsx'
import { utcLabel } from '../util/time-zone.ts'
import { describeClockId } from './format.ts'
import styles from './accountability.module.css'

const STATE: Record<string, string> = { OPEN: 'Open', ACCEPTED: 'Upheld', REJECTED: 'Rejected' }

/** A dispute's state as a word with a colour. */
export function DisputeState({ state }: { state: string }) {
  return <span className={`${styles.state} ${styles[state] ?? ''}`}>{STATE[state] ?? state}</span>
}

/** Disputes as a table; `href` links each to its page (the retained team's), else to its incident. */
export function DisputesTable({
  disputes,
  label,
  href,
  showParty = true,
}: {
  disputes: readonly DisputeSummaryFragment[]
  label: string
  href?: (d: DisputeSummaryFragment) => string
  showParty?: boolean
}) {
  if (disputes.length === 0) return <p className='muted'>No dispute.</p>
  return (
    <table className={styles.table} aria-label={label}>
      <TableHead
        columns={[
          'Incident',
          'Clock',
          ...(showParty ? ['Vendor'] : []),
          'Opened',
          'State',
          'Evidence',
        ]}
      />
      <tbody>
        {disputes.map((d) => (
          <tr key={d.id}>
            <td data-label='Incident'>
              <Link href={href ? href(d) : `/incidents/${encodeURIComponent(d.incident.key)}`}>
                {d.incident.key}
              </Link>
              <span className={styles.sub}>{d.incident.title}</span>
            </td>
            <td data-label='Clock'>{describeClockId(d.clockId).label}</td>
            {showParty && <td data-label='Vendor'>{d.party.name}</td>}
            <td data-label='Opened'>
              <time dateTime={d.openedAt}>{utcLabel(Date.parse(d.openedAt))}</time>
            </td>
            <td data-label='State'>
              <DisputeState state={d.state} />
              {d.decisionReason && <span className={styles.sub}>{d.decisionReason}</span>}
            </td>
            <td data-label='Evidence'>
              <p className={styles.evidence}>{d.evidence}</p>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}
