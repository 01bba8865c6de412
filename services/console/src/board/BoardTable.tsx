import { memo } from 'react'
import { Link } from 'wouter'
import type { CalendarShape } from '../util/calendar.ts'
import { CountdownBadge } from '../util/CountdownBadge.tsx'
import { DeskClock } from '../util/DeskClock.tsx'
import { Icon } from '../util/icons.tsx'
import { PriorityBadge, StatusBadge } from '../util/badges.tsx'
import { RelativeTime } from '../util/RelativeTime.tsx'
import type { BoardRow } from './board-filters.ts'
import { clockLabel } from './board-row.ts'
import styles from './BoardTable.module.css'

export type Calendars = ReadonlyMap<string, CalendarShape>

/**
 * One row per open incident. At phone width the same rows become cards (CSS only): each cell
 * carries its column name in `data-label`.
 */
export function BoardTable({ rows, calendars, total }: { rows: BoardRow[]; calendars: Calendars; total: number }) {
  return (
    <div className={styles.wrap}>
      <table className={styles.table} aria-describedby="board-count">
        <caption className="visually-hidden">Open incidents across all vendors</caption>
        <thead>
          <tr>
            <th scope="col">Incident</th>
            <th scope="col">Title</th>
            <th scope="col">Priority</th>
            <th scope="col">Service</th>
            <th scope="col">Holder</th>
            <th scope="col">Waiting on</th>
            <th scope="col">Hand-off offer</th>
            <th scope="col">Next deadline</th>
            <th scope="col">Vendors</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => <Row key={row.incident.id} row={row} calendars={calendars} />)}
        </tbody>
      </table>
      {rows.length === 0 && <p className={styles.empty}>{total === 0 ? 'No open incidents.' : 'No open incident matches these filters.'}</p>}
    </div>
  )
}

const Row = memo(function Row({ row, calendars }: { row: BoardRow; calendars: Calendars }) {
  const { incident: i, view: v } = row
  const desk = i.holderDesk
  const calendar = desk?.calendar ? calendars.get(desk.calendar.id) ?? null : null
  return (
    <tr className={i.breached || v.breachedClocks > 0 ? styles.breachedRow : undefined}>
      <td data-label="Incident">
        <div className={styles.key}>
          <Link href={`/incidents/${encodeURIComponent(i.key)}`}>{i.key}</Link>
          <StatusBadge status={i.status} />
        </div>
      </td>
      <td data-label="Title" className={styles.title}>{i.title}{i.parent && <span className={styles.parent}> (linked to {i.parent.key})</span>}</td>
      <td data-label="Priority"><PriorityBadge priority={i.priority} /></td>
      <td data-label="Service">{i.service?.name ?? <span className="muted">—</span>}</td>
      <td data-label="Holder">
        <div className={styles.holder}>
          <strong>{i.holder.name}</strong>
          {desk && <span className={styles.desk}>{desk.name}</span>}
          {desk && <DeskClock timeZone={desk.timeZone} calendar={calendar} />}
        </div>
      </td>
      <td data-label="Waiting on">
        {v.waitingOn ? (
          <span className={styles.waiting}><Icon name="waiting" size={14} /> {v.waitingOn.name}{v.waitingOn.reason && <span className={styles.reason}>{v.waitingOn.reason}</span>}</span>
        ) : <span className="muted">—</span>}
      </td>
      <td data-label="Hand-off offer">
        {v.offer ? (
          <span className={styles.offer}>
            <span><Icon name="handoff" size={14} /> {v.offer.handoff.from.name} → {v.offer.handoff.to.name}</span>
            {v.offer.clock ? <CountdownBadge clock={v.offer.clock} label="accept" /> : <span className="muted">offered <RelativeTime iso={v.offer.handoff.offeredAt} /></span>}
            {v.offer.handoff.state === 'EXPIRED' && <span className={styles.expired}>Acceptance window expired</span>}
          </span>
        ) : <span className="muted">—</span>}
      </td>
      <td data-label="Next deadline">
        {v.nextClock ? (
          <span className={styles.deadline}>
            <span className={styles.clockName}>{clockLabel(v.nextClock)}</span>
            <CountdownBadge clock={v.nextClock} />
            {v.breachedClocks > 0 && v.nextClock.state !== 'BREACHED' && <span className={styles.breachCount}><Icon name="breached" size={12} /> {v.breachedClocks} breached</span>}
          </span>
        ) : <span className="muted">No running clock</span>}
      </td>
      <td data-label="Vendors">
        {i.bonds.length ? (
          <ul className={styles.bonds}>
            {i.bonds.map((b) => (
              <li key={b.id}>
                <span>{b.party.name}</span> <span className="mono">{b.vendorRef ?? 'no ref yet'}</span>
                <span className={styles.update}>{b.lastInbound ? <>last update: {b.lastInbound.type.replace(/_/g, ' ')}, <RelativeTime iso={b.lastInbound.at} /></> : 'no update yet'}</span>
              </li>
            ))}
          </ul>
        ) : <span className="muted">No bond</span>}
      </td>
    </tr>
  )
})
