import { useCallback, useEffect, useReducer, useRef, useState } from 'react'
import { useClient, useSubscription } from 'urql'
import {
  BoardEventsDocument,
  BoardIncidentsDocument,
  type BoardEventsSubscription,
} from '../gql/graphql.ts'
import { useReconnects } from '../util/connection-status.ts'
import type { BoardRow } from './board-filters.ts'
import { rowView, type BoardIncident } from './board-row.ts'

const OPEN = new Set(['OPEN', 'ACKNOWLEDGED', 'WAITING'])

export type Rows = Map<string, BoardRow>
/**
 * `receivedAt`: when the browser received the incidents (a simulated incident's time runs from
 * its asOf then): one instant, or one per incident (the pages of a load arrive one by one).
 */
export type Action =
  | { type: 'replace'; incidents: BoardIncident[]; receivedAt: number | readonly number[] }
  | { type: 'event'; incident: BoardIncident; receivedAt: number }

/** Rows keep their identity unless their incident changed, so memoised rows skip re-rendering. */
export function reduceBoardRows(rows: Rows, action: Action): Rows {
  if (action.type === 'replace') {
    const next: Rows = new Map()
    const received = action.receivedAt
    for (const [k, i] of action.incidents.entries()) {
      const old = rows.get(i.id)
      next.set(
        i.id,
        old &&
          old.incident.lastSeq === i.lastSeq &&
          old.incident.nextDeadline === i.nextDeadline &&
          old.incident.breached === i.breached
          ? old
          : {
              incident: i,
              view: rowView(i, typeof received === 'number' ? received : received[k]!),
            }
      )
    }
    return next
  }
  const i = action.incident
  const old = rows.get(i.id)
  if (old && old.incident.lastSeq > i.lastSeq) return rows // an older event arriving late
  const next = new Map(rows)
  if (OPEN.has(i.status)) next.set(i.id, { incident: i, view: rowView(i, action.receivedAt) })
  else next.delete(i.id)
  return next
}

export interface BoardData {
  rows: Rows
  loading: boolean
  error: string | null
  /** When the last live event arrived (for the page's "updated" note). */
  lastEventAt: number | null
}

/**
 * Every open incident visible to the viewer, kept live: all pages are loaded once, then each
 * incidentEvents message replaces (or removes) its row. When the live connection comes back after
 * a loss, the pages are loaded again to catch up on what was missed.
 */
export function useBoardData(): BoardData {
  const client = useClient()
  const [rows, dispatch] = useReducer(reduceBoardRows, new Map() as Rows)
  const [loading, setLoading] = useState(true)
  const [error, setError] = useState<string | null>(null)
  const [lastEventAt, setLastEventAt] = useState<number | null>(null)
  const reconnects = useReconnects()
  const generation = useRef(0)
  const loadedOnce = useRef(false)

  const load = useCallback(async () => {
    const mine = ++generation.current
    const all: BoardIncident[] = []
    const receivedAt: number[] = []
    let after: string | null = null
    for (;;) {
      const result = await client
        .query(BoardIncidentsDocument, { after }, { requestPolicy: 'network-only' })
        .toPromise()
      if (mine !== generation.current) return
      if (result.error || !result.data) {
        setError(result.error?.message ?? 'no data')
        setLoading(false)
        return
      }
      all.push(...result.data.incidents.nodes)
      const now = Date.now()
      receivedAt.push(...result.data.incidents.nodes.map(() => now))
      if (!result.data.incidents.pageInfo.hasNextPage) break
      // Show the first page at once; the rest arrive in one more render when every page is in.
      if (!loadedOnce.current && all.length === result.data.incidents.nodes.length)
        dispatch({ type: 'replace', incidents: [...all], receivedAt: [...receivedAt] })
      after = result.data.incidents.pageInfo.endCursor ?? null
    }
    dispatch({ type: 'replace', incidents: all, receivedAt })
    loadedOnce.current = true
    setError(null)
    setLoading(false)
  }, [client])

  useEffect(() => {
    void load()
  }, [load, reconnects])

  const onEvent = useCallback((_prev: unknown, event: BoardEventsSubscription) => {
    const receivedAt = Date.now()
    dispatch({ type: 'event', incident: event.incidentEvents.incident, receivedAt })
    setLastEventAt(receivedAt)
    return event
  }, [])
  useSubscription({ query: BoardEventsDocument }, onEvent)

  return { rows, loading, error, lastEventAt }
}
