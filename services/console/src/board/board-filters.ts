import type { BoardIncident, RowView } from './board-row.ts'
import { incidentNow } from '../util/incident-time.tsx'

/** The board's filters and sort, kept in the URL query string so a filtered board can be shared. */
export interface BoardFilters {
  /** Party slug: held by, bonded to or handed between. */
  vendor: string | null
  priority: string[]
  /** Service slug. */
  service: string | null
  breached: boolean
  handoffPending: boolean
  sort: 'deadline' | 'opened'
}

export const NO_FILTERS: BoardFilters = {
  vendor: null,
  priority: [],
  service: null,
  breached: false,
  handoffPending: false,
  sort: 'deadline',
}
const PRIORITIES = new Set(['P1', 'P2', 'P3', 'P4'])

export function parseFilters(search: string): BoardFilters {
  const q = new URLSearchParams(search)
  return {
    vendor: q.get('vendor') || null,
    priority: (q.get('priority') ?? '').split(',').filter((p) => PRIORITIES.has(p)),
    service: q.get('service') || null,
    breached: q.get('breached') === '1',
    handoffPending: q.get('handoff') === '1',
    sort: q.get('sort') === 'opened' ? 'opened' : 'deadline',
  }
}

export function serializeFilters(f: BoardFilters): string {
  const q = new URLSearchParams()
  if (f.vendor) q.set('vendor', f.vendor)
  if (f.priority.length) q.set('priority', f.priority.join(','))
  if (f.service) q.set('service', f.service)
  if (f.breached) q.set('breached', '1')
  if (f.handoffPending) q.set('handoff', '1')
  if (f.sort !== 'deadline') q.set('sort', f.sort)
  const s = q.toString()
  return s ? `?${s}` : ''
}

export interface BoardRow {
  incident: BoardIncident
  view: RowView
}

/**
 * Whether a row's clock has breached by the browser's `now` (per the server, or a running clock
 * past its deadline; a simulated incident's deadline is read against its own time).
 */
export function isBreached(row: BoardRow, now: number): boolean {
  if (row.incident.breached || row.view.breachedClocks > 0) return true
  const d = row.view.nextClock?.deadline
  return (
    row.view.nextClock?.state === 'RUNNING' &&
    !!d &&
    Date.parse(d) <= incidentNow(row.view.time, now)
  )
}

/** The rows that pass every filter, sorted by next deadline (soonest first, none last) or newest first. */
export function applyFilters(rows: Iterable<BoardRow>, f: BoardFilters, now: number): BoardRow[] {
  const out: BoardRow[] = []
  for (const row of rows) {
    const i = row.incident
    if (f.vendor && !row.view.parties.has(f.vendor)) continue
    if (f.priority.length && !f.priority.includes(i.priority)) continue
    if (f.service && i.service?.slug !== f.service) continue
    if (f.breached && !isBreached(row, now)) continue
    if (f.handoffPending && !row.view.offer) continue
    out.push(row)
  }
  if (f.sort === 'deadline') {
    const key = (r: BoardRow) =>
      r.incident.nextDeadline ? Date.parse(r.incident.nextDeadline) : Number.POSITIVE_INFINITY
    out.sort(
      (a, b) =>
        key(a) - key(b) || a.incident.key.localeCompare(b.incident.key, 'en', { numeric: true })
    )
  } else {
    out.sort((a, b) =>
      a.incident.openedAt < b.incident.openedAt
        ? 1
        : a.incident.openedAt > b.incident.openedAt
          ? -1
          : 0
    )
  }
  return out
}
