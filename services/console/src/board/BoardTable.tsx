import { memo, type MouseEvent } from 'react'
import { useLocation } from 'wouter'
import type { CalendarShape } from '../util/calendar.ts'
import { CountdownBadge } from '../util/CountdownBadge.tsx'
import { DeskClock } from '../util/DeskClock.tsx'
import { IncidentTimeProvider } from '../util/incident-time.tsx'
import { Icon } from '../util/icons.tsx'
import { PriorityBadge, StatusBadge } from '../util/badges.tsx'
import { RelativeTime } from '../util/RelativeTime.tsx'
import type { BoardRow } from './board-filters.ts'
import { clockLabel } from './board-row.ts'
import styles from './BoardTable.module.css'

export type Calendars = ReadonlyMap<string, CalendarShape>

const COLUMNS = [
  'Incident',
  'Title',
  'Priority',
  'Service',
  'Holder',
  'Waiting on',
  'Hand-off offer',
  'Next deadline',
  'Vendors',
]

/**
 * One row per open incident. At phone width the same rows become cards (CSS only): each cell
 * carries its column name in `data-label`.
 */
export function BoardTable({
  rows,
  calendars,
  total,
}: {
  rows: BoardRow[]
  calendars: Calendars
  total: number
}) {
  const [, navigate] = useLocation()
  // Rows hold plain links; one handler routes their clicks client-side (no router hook per row).
  const onClick = (e: MouseEvent<HTMLDivElement>) => {
    const a = (e.target as Element).closest('a[data-route]')
    if (
      !a ||
      e.defaultPrevented ||
      e.button !== 0 ||
      e.metaKey ||
      e.ctrlKey ||
      e.shiftKey ||
      e.altKey
    )
      return
    e.preventDefault()
    navigate(a.getAttribute('href') ?? '/')
  }
  return (
    <div
      className={styles.wrap}
      onClick={onClick}
      tabIndex={0}
      role='region'
      aria-label='Open incidents'
    >
      {/* Table elements laid out as CSS-grid rows (explicit roles keep the table semantics): each row
          skips layout and paint while off screen (content-visibility), which table-row boxes cannot. */}
      <table
        role='table'
        className={styles.table}
        aria-label='Open incidents across all vendors'
        aria-describedby='board-count'
      >
        <thead role='rowgroup' className={styles.head}>
          <tr role='row' className={styles.row}>
            {COLUMNS.map((c) => (
              <th key={c} role='columnheader' scope='col'>
                {c}
              </th>
            ))}
          </tr>
        </thead>
        <tbody role='rowgroup' className={styles.rows}>
          {rows.map((row) => (
            <Row key={row.incident.id} row={row} calendars={calendars} />
          ))}
        </tbody>
      </table>
      {rows.length === 0 && (
        <p className={styles.empty}>
          {total === 0 ? 'No open incidents.' : 'No open incident matches these filters.'}
        </p>
      )}
    </div>
  )
}

const Row = memo(function Row({ row, calendars }: { row: BoardRow; calendars: Calendars }) {
  const { incident: i, view: v } = row
  const desk = i.holderDesk
  const calendar = desk?.calendar ? (calendars.get(desk.calendar.id) ?? null) : null
  // A simulated incident's cells tick on its own time (countdowns, the desk's clock, "5m ago").
  return (
    <IncidentTimeProvider base={v.time}>
      <tr
        role='row'
        className={`${styles.row} ${styles.body} ${i.breached || v.breachedClocks > 0 ? styles.breachedRow : ''}`}
      >
        <td role='cell' data-label='Incident'>
          <div className={styles.key}>
            <a data-route href={`/incidents/${encodeURIComponent(i.key)}`}>
              {i.key}
            </a>
            <StatusBadge status={i.status} />
          </div>
        </td>
        <td role='cell' data-label='Title' className={styles.title}>
          {i.title}
          {i.parent && <span className={styles.parent}> (linked to {i.parent.key})</span>}
        </td>
        <td role='cell' data-label='Priority'>
          <PriorityBadge priority={i.priority} />
        </td>
        <td role='cell' data-label='Service'>
          {i.service?.name ?? <span className='muted'>—</span>}
        </td>
        <td role='cell' data-label='Holder'>
          <div className={styles.holder}>
            <strong>{i.holder.name}</strong>
            {desk && <span className={styles.desk}>{desk.name}</span>}
            {desk && <DeskClock timeZone={desk.timeZone} calendar={calendar} />}
          </div>
        </td>
        <td role='cell' data-label='Waiting on'>
          {v.waitingOn ? (
            <span className={styles.waiting}>
              <Icon name='waiting' size={14} /> {v.waitingOn.name}
              {v.waitingOn.reason && <span className={styles.reason}>{v.waitingOn.reason}</span>}
            </span>
          ) : (
            <span className='muted'>—</span>
          )}
        </td>
        <td role='cell' data-label='Hand-off offer'>
          {v.offer ? (
            <span className={styles.offer}>
              <span>
                <Icon name='handoff' size={14} /> {v.offer.handoff.from.name} →{' '}
                {v.offer.handoff.to.name}
              </span>
              {v.offer.clock ? (
                <CountdownBadge clock={v.offer.clock} label='accept' />
              ) : (
                <span className='muted'>
                  offered <RelativeTime iso={v.offer.handoff.offeredAt} />
                </span>
              )}
              {v.offer.handoff.state === 'EXPIRED' && (
                <span className={styles.expired}>Acceptance window expired</span>
              )}
            </span>
          ) : (
            <span className='muted'>—</span>
          )}
        </td>
        <td role='cell' data-label='Next deadline'>
          {v.nextClock ? (
            <span className={styles.deadline}>
              <span className={styles.clockName}>{clockLabel(v.nextClock)}</span>
              <CountdownBadge clock={v.nextClock} />
              {v.breachedClocks > 0 && v.nextClock.state !== 'BREACHED' && (
                <span className={styles.breachCount}>
                  <Icon name='breached' size={12} /> {v.breachedClocks} breached
                </span>
              )}
            </span>
          ) : (
            <span className='muted'>No running clock</span>
          )}
        </td>
        <td role='cell' data-label='Vendors'>
          {i.bonds.length ? (
            <ul className={styles.bonds}>
              {i.bonds.map((b) => (
                <li key={b.id}>
                  <span>{b.party.name}</span>{' '}
                  <span className='mono'>{b.vendorRef ?? 'no ref yet'}</span>
                  <span className={styles.update}>
                    {b.lastInbound ? (
                      <>
                        last update: {b.lastInbound.type.replace(/_/g, ' ')},{' '}
                        <RelativeTime iso={b.lastInbound.at} />
                      </>
                    ) : (
                      'no update yet'
                    )}
                  </span>
                </li>
              ))}
            </ul>
          ) : (
            <span className='muted'>No bond</span>
          )}
        </td>
      </tr>
    </IncidentTimeProvider>
  )
})
