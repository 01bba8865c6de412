import { useCallback, useEffect, useMemo, useRef } from 'react'
import { useQuery, useSubscription } from 'urql'
import { Link } from 'wouter'
import {
  IncidentEventsDocument,
  IncidentPageDocument,
  type IncidentPageQuery,
} from '../gql/graphql.ts'
import { NotFound } from '../layout/NotFound.tsx'
import { PriorityBadge, StatusBadge } from '../util/badges.tsx'
import type { CalendarShape } from '../util/calendar.ts'
import { useReconnects } from '../util/connection-status.ts'
import { Icon } from '../util/icons.tsx'
import { IncidentTimeProvider, timeBaseOfAnswer } from '../util/incident-time.tsx'
import { useTicking } from '../util/use-now.ts'
import { localDateTimeLabel, utcLabel } from '../util/time-zone.ts'
import { ActionsPanel } from './ActionsPanel.tsx'
import { BondsSection } from './BondsSection.tsx'
import { ClocksSection } from './ClocksSection.tsx'
import { EscalationsSection } from './EscalationsSection.tsx'
import { LedgerSection } from './LedgerSection.tsx'
import { lanePartiesOf } from './lane-parties.ts'
import { Swimlanes } from './Swimlanes.tsx'
import styles from './IncidentPage.module.css'

export type PageIncident = NonNullable<IncidentPageQuery['incidentByKey']>
export type PageParty = IncidentPageQuery['parties'][number]

/** `/incidents/<key>`: custody swimlanes, clocks, escalations, bonds, the ledger and the actions. */
export function IncidentPage({ incidentKey }: { incidentKey: string }) {
  const [result, reexecute] = useQuery({
    query: IncidentPageDocument,
    variables: { key: incidentKey },
    requestPolicy: 'cache-and-network',
  })
  const refetch = useCallback(() => reexecute({ requestPolicy: 'network-only' }), [reexecute])
  const incident = result.data?.incidentByKey

  useEffect(() => {
    document.title = `${incidentKey} · Baton`
    return () => {
      document.title = 'Baton console'
    }
  }, [incidentKey])

  if (!result.data && result.fetching) return <p role='status'>Loading {incidentKey}…</p>
  if (!result.data && result.error) {
    const notFound = result.error.graphQLErrors.some((e) => e.extensions?.code === 'NOT_FOUND')
    return notFound ? (
      <NotFound
        what='incident'
        detail={`Incident ${incidentKey} does not exist, or you may not see it.`}
      />
    ) : (
      <p role='alert' className='error-text'>
        Could not load {incidentKey}: {result.error.message}
      </p>
    )
  }
  if (!incident || !result.data)
    return (
      <NotFound
        what='incident'
        detail={`Incident ${incidentKey} does not exist, or you may not see it.`}
      />
    )
  // A simulated incident's page runs on its own time: the swimlanes' "now", countdowns, desk clocks.
  return (
    <IncidentTimeProvider base={timeBaseOfAnswer(incident)}>
      <IncidentView
        incident={incident}
        parties={result.data.parties}
        calendarsList={result.data.calendars}
        refetch={refetch}
      />
    </IncidentTimeProvider>
  )
}

/** The end of the swimlanes' axis: the close, else now (at most 12 h past the last recorded fact), padded a little. */
function axisEnd(i: PageIncident, now: number): number {
  const times = [Date.parse(i.openedAt) + 3_600_000]
  for (const s of i.custody) {
    times.push(Date.parse(s.from))
    if (s.to) times.push(Date.parse(s.to))
  }
  for (const h of i.handoffs) {
    times.push(Date.parse(h.offeredAt))
    if (h.respondedAt) times.push(Date.parse(h.respondedAt))
    if (h.expiredAt) times.push(Date.parse(h.expiredAt))
  }
  for (const c of i.clocks) if (c.breachedAt) times.push(Date.parse(c.breachedAt))
  const last = Math.max(...times)
  if (i.closedAt) return Math.max(Date.parse(i.closedAt), last)
  // Quiet stretches after the last fact are shown up to 12 h (a stalled incident keeps a readable axis).
  const end = last + Math.min(Math.max(0, now - last), 12 * 3_600_000)
  return end + (end - Date.parse(i.openedAt)) * 0.03
}

function IncidentView({
  incident: i,
  parties,
  calendarsList,
  refetch,
}: {
  incident: PageIncident
  parties: PageParty[]
  calendarsList: IncidentPageQuery['calendars']
  refetch: () => void
}) {
  // Live: each new ledger entry of this incident refetches the page (coalesced), and so does a reconnect.
  const pending = useRef<ReturnType<typeof setTimeout> | null>(null)
  const onEvent = useCallback(
    (_: unknown, e: unknown) => {
      if (!pending.current)
        pending.current = setTimeout(() => {
          pending.current = null
          refetch()
        }, 250)
      return e
    },
    [refetch]
  )
  useSubscription({ query: IncidentEventsDocument, variables: { id: i.id } }, onEvent)
  useEffect(
    () => () => {
      if (pending.current) clearTimeout(pending.current)
    },
    []
  )
  const reconnects = useReconnects()
  const first = useRef(true)
  useEffect(() => {
    if (first.current) {
      first.current = false
      return
    }
    refetch()
  }, [reconnects, refetch])

  const calendars = useMemo(
    () => new Map<string, CalendarShape>(calendarsList.map((c) => [c.id, c])),
    [calendarsList]
  )
  const lanes = useMemo(() => lanePartiesOf(i, parties, calendars), [i, parties, calendars])
  const minute = useTicking((now) => Math.floor(now / 60_000))
  const start = Math.min(Date.parse(i.openedAt), ...i.custody.map((s) => Date.parse(s.from)))
  const end = useMemo(() => axisEnd(i, minute * 60_000), [i, minute])
  const breaches = useMemo(
    () =>
      i.clocks
        .filter((c) => c.state === 'BREACHED' && c.breachedAt && c.attributedTo)
        .map((c) => ({
          partyId: c.attributedTo!.id,
          at: c.breachedAt!,
          label: `${c.agreement.name} ${c.metric.toLowerCase().replace('_', ' ')} breached at ${utcLabel(Date.parse(c.breachedAt!))}, attributed to ${c.attributedTo!.name}`,
        })),
    [i.clocks]
  )
  const custody = useMemo(
    () =>
      i.custody.map((s) => ({
        partyId: s.party.id,
        from: s.from,
        to: s.to ?? null,
        state: s.state,
        waitingOnName: s.waitingOn?.name ?? null,
      })),
    [i.custody]
  )
  const handoffs = useMemo(
    () =>
      i.handoffs.map((h) => ({
        id: h.id,
        fromId: h.from.id,
        toId: h.to.id,
        state: h.state,
        offeredAt: h.offeredAt,
        respondedAt: h.respondedAt ?? null,
        expiredAt: h.expiredAt ?? null,
        reason: h.reason ?? null,
      })),
    [i.handoffs]
  )
  const holderTz = i.holderDesk?.timeZone

  return (
    <article className={styles.page} aria-labelledby='incident-title'>
      <header className={styles.head}>
        <p className={styles.crumbs}>
          <Link href='/'>Board</Link> / {i.key}
        </p>
        <h1 id='incident-title'>
          <span className={styles.key}>{i.key}</span> {i.title}
        </h1>
        <div className={styles.facts}>
          <PriorityBadge priority={i.priority} />
          <StatusBadge status={i.status} />
          {i.breached && (
            <span className={styles.breached}>
              <Icon name='breached' size={14} /> Breached
            </span>
          )}
          <span>
            Holder: <strong>{i.holder.name}</strong>
            {i.holderDesk ? ` (${i.holderDesk.name})` : ''}
          </span>
          {i.service && <span>Service: {i.service.name}</span>}
          <span>
            Opened <time dateTime={i.openedAt}>{utcLabel(Date.parse(i.openedAt))}</time>
            {holderTz ? ` · ${localDateTimeLabel(Date.parse(i.openedAt), holderTz)}` : ''}
          </span>
          {i.parent && (
            <span>
              Linked to{' '}
              <Link href={`/incidents/${encodeURIComponent(i.parent.key)}`}>{i.parent.key}</Link>
            </span>
          )}
        </div>
      </header>

      <ActionsPanel incident={i} parties={parties} onDone={refetch} />

      <section aria-labelledby='custody-title' className={styles.card}>
        <h2 id='custody-title'>Custody</h2>
        <Swimlanes
          custody={custody}
          handoffs={handoffs}
          breaches={breaches}
          parties={lanes}
          start={start}
          end={end}
        />
      </section>

      <ClocksSection incident={i} lanes={lanes} />
      <EscalationsSection incident={i} />
      <BondsSection incident={i} />
      <LedgerSection incident={i} />
    </article>
  )
}
