import { useMemo } from 'react'
import { useQuery } from 'urql'
import { useLocation, useSearch } from 'wouter'
import { BoardWorldDocument } from '../gql/graphql.ts'
import { canWrite, useSession } from '../signin/session-context.tsx'
import type { CalendarShape } from '../util/calendar.ts'
import { useTicking } from '../util/use-now.ts'
import { applyFilters, parseFilters, serializeFilters, type BoardFilters } from './board-filters.ts'
import { BoardFiltersBar } from './BoardFiltersBar.tsx'
import { BoardTable } from './BoardTable.tsx'
import { DeclareIncidentForm } from './DeclareIncidentForm.tsx'
import { MajorIncidentStrip, pickMajorIncident } from './MajorIncidentStrip.tsx'
import { useBoardData } from './use-board-data.ts'
import styles from './BoardPage.module.css'

/** The live board: every open incident across vendors, filtered by the URL's query string. */
export function BoardPage() {
  const { viewer } = useSession()
  const search = useSearch()
  const [location, navigate] = useLocation()
  const filters = useMemo(() => parseFilters(search), [search])
  const setFilters = (f: BoardFilters) =>
    navigate(`${location}${serializeFilters(f)}`, { replace: true })

  const [world] = useQuery({ query: BoardWorldDocument })
  const calendars = useMemo(
    () => new Map<string, CalendarShape>((world.data?.calendars ?? []).map((c) => [c.id, c])),
    [world.data]
  )
  const { rows, loading, error } = useBoardData()

  // The breached filter depends on the time; re-filter once a minute, not every second.
  const minute = useTicking((now) => Math.floor(now / 60_000))
  const visible = useMemo(
    () => applyFilters(rows.values(), filters, minute * 60_000 + 59_999),
    [rows, filters, minute]
  )
  const major = useMemo(() => pickMajorIncident(rows.values()), [rows])

  return (
    <div className={styles.page}>
      <div className={styles.titleRow}>
        <h1>Open incidents</h1>
        <p id='board-count' className={styles.count} aria-live='polite'>
          {loading
            ? rows.size
              ? `Loading… (${rows.size} so far)`
              : 'Loading…'
            : `${visible.length} shown of ${rows.size} open`}
        </p>
      </div>
      {canWrite(viewer.role) && world.data && (
        <DeclareIncidentForm parties={world.data.parties} services={world.data.services} />
      )}
      {error && (
        <p role='alert' className='error-text'>
          Could not load the board: {error}
        </p>
      )}
      {major && (
        <MajorIncidentStrip
          incident={major}
          parties={world.data?.parties ?? []}
          calendars={calendars}
        />
      )}
      <BoardFiltersBar
        filters={filters}
        onChange={setFilters}
        parties={world.data?.parties ?? []}
        services={world.data?.services ?? []}
      />
      <BoardTable rows={visible} calendars={calendars} total={rows.size} />
    </div>
  )
}
