import { useEffect, useState } from 'react'
import { useQuery } from 'urql'
import { Link } from 'wouter'
import { MajorIncidentDocument, type BoardWorldQuery } from '../gql/graphql.ts'
import type { CalendarShape } from '../util/calendar.ts'
import { DeskClock } from '../util/DeskClock.tsx'
import { Icon } from '../util/icons.tsx'
import { PriorityBadge } from '../util/badges.tsx'
import { NotificationRecipient } from '../util/NotificationRecipient.tsx'
import { IncidentTimeProvider } from '../util/incident-time.tsx'
import { RelativeTime } from '../util/RelativeTime.tsx'
import { utcLabel } from '../util/time-zone.ts'
import type { BoardRow } from './board-filters.ts'
import { reachOf } from './major-incident.ts'
import styles from './MajorIncidentStrip.module.css'

export { pickMajorIncident } from './major-incident.ts'

type Party = BoardWorldQuery['parties'][number]

const PHONE_QUERY = '(max-width: 760px)'
const onPhone = () =>
  typeof window !== 'undefined' &&
  typeof window.matchMedia === 'function' &&
  window.matchMedia(PHONE_QUERY).matches

/** The desk a party works this incident from: the one it held custody with, else one taking the priority. */
function deskFor(
  party: Party,
  priority: string,
  custodyDesks: ReadonlyMap<string, { timeZone: string; name: string; id: string }>
) {
  const held = custodyDesks.get(party.id)
  if (held) return party.desks.find((d) => d.id === held.id) ?? null
  return party.desks.find((d) => d.priorities.includes(priority as never)) ?? party.desks[0] ?? null
}

/** Above the table: the major incident in progress, its parties' local times, and whom its escalations reached. */
export function MajorIncidentStrip({
  incident: row,
  parties,
  calendars,
}: {
  incident: BoardRow
  parties: ReadonlyArray<Party>
  calendars: ReadonlyMap<string, CalendarShape>
}) {
  const i = row.incident
  const [result, reexecute] = useQuery({
    query: MajorIncidentDocument,
    variables: { id: i.id },
    requestPolicy: 'cache-and-network',
  })
  useEffect(() => {
    reexecute({ requestPolicy: 'network-only' })
  }, [i.lastSeq, reexecute])
  const detail = result.data?.incident
  const custodyDesks = new Map<string, { id: string; name: string; timeZone: string }>()
  for (const s of detail?.custody ?? []) if (s.desk) custodyDesks.set(s.party.id, s.desk)
  const involved = parties.filter((p) => row.view.parties.has(p.slug))
  // At phone width the strip starts folded to its head, so the table stays on the first screen.
  const [expanded, setExpanded] = useState(() => !onPhone())
  useEffect(() => {
    if (typeof window === 'undefined' || typeof window.matchMedia !== 'function') return
    const phone = window.matchMedia(PHONE_QUERY)
    const follow = (e: MediaQueryListEvent) => setExpanded(!e.matches)
    phone.addEventListener('change', follow)
    return () => phone.removeEventListener('change', follow)
  }, [])

  return (
    <IncidentTimeProvider base={row.view.time}>
      <section className={styles.strip} aria-labelledby='major-title'>
        <div className={styles.head}>
          <h2 id='major-title'>
            <Icon name='bell' size={18} /> Major incident in progress
          </h2>
          <Link href={`/incidents/${encodeURIComponent(i.key)}`} className={styles.key}>
            {i.key}
          </Link>
          <PriorityBadge priority={i.priority} />
          <span className={styles.title}>{i.title}</span>
          <span className={styles.holder}>
            Holder: <strong>{i.holder.name}</strong>
          </span>
          <button
            type='button'
            className={styles.toggle}
            aria-expanded={expanded}
            aria-controls='major-body'
            onClick={() => setExpanded((e) => !e)}
          >
            {expanded
              ? 'Hide parties and escalations'
              : `Show parties (${involved.length}) and escalations (${detail?.escalations.length ?? '…'})`}
          </button>
        </div>
        <div className={styles.body} id='major-body' hidden={!expanded}>
          <div>
            <h3>Parties involved</h3>
            <ul className={styles.parties}>
              {involved.map((p) => {
                const desk = deskFor(p, i.priority, custodyDesks)
                return (
                  <li key={p.id} className={p.id === i.holder.id ? styles.holding : undefined}>
                    <span className={styles.partyName}>
                      {p.name}
                      {p.id === i.holder.id && <span className={styles.tag}>holds the baton</span>}
                    </span>
                    {desk && <span className={styles.deskName}>{desk.name}</span>}
                    {desk && (
                      <DeskClock
                        timeZone={desk.timeZone}
                        calendar={desk.calendar ? (calendars.get(desk.calendar.id) ?? null) : null}
                        is24x7={desk.is24x7}
                      />
                    )}
                  </li>
                )
              })}
            </ul>
          </div>
          <div>
            <h3>Escalations ({detail?.escalations.length ?? 0})</h3>
            {!detail ? (
              <p className='muted'>Loading…</p>
            ) : detail.escalations.length === 0 ? (
              <p className='muted'>None fired.</p>
            ) : (
              <ol className={styles.escalations} tabIndex={0} aria-label='Open escalations'>
                {[...detail.escalations]
                  .reverse()
                  .slice(0, 4)
                  .map((e) => (
                    <li key={e.id}>
                      <span className={styles.escHead}>
                        {e.step !== null && e.step !== undefined ? `Step ${e.step}` : 'Escalation'}{' '}
                        · {e.party.name}
                        {e.desk ? ` (${e.desk.name})` : ''} ·{' '}
                        <time dateTime={e.at} title={utcLabel(Date.parse(e.at))}>
                          <RelativeTime iso={e.at} />
                        </time>
                      </span>
                      <span className={styles.reason}>{e.reason}</span>
                      <ul className={styles.reached}>
                        {reachOf(e, detail.notifications).map((r) => (
                          <li key={r.recipient}>
                            <NotificationRecipient reach={r} />
                          </li>
                        ))}
                      </ul>
                    </li>
                  ))}
              </ol>
            )}
            {detail && detail.escalations.length > 4 && (
              <p className={styles.more}>
                <Link href={`/incidents/${encodeURIComponent(i.key)}`}>
                  All {detail.escalations.length} escalations of {i.key}
                </Link>
              </p>
            )}
          </div>
        </div>
      </section>
    </IncidentTimeProvider>
  )
}
