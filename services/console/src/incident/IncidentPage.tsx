import { useCallback, useEffect, useMemo, useRef } from 'react'
import { useQuery, useSubscription } from 'urql'
import { Link } from 'wouter'
import {
  IncidentEventsDocument,
  IncidentPageDocument,
  type IncidentPageQuery,
} from '../gql/graphql.ts'
import { NotFound } from '../layout/NotFound.tsx'
import { useSession } from '../signin/session-context.tsx'
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
import { CustodySection } from './CustodySection.tsx'
import { EscalationsSection, PlannedLadder } from './EscalationsSection.tsx'
import { LedgerSection } from './LedgerSection.tsx'
import { lanePartiesOf } from './lane-parties.ts'
import styles from './IncidentPage.module.css'
import { usePageTitle } from '../util/use-page-title.ts'

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

  usePageTitle(incidentKey)

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
  const holderTz = i.holderDesk?.timeZone
  // The holder desk's local time, unless it reads the same as UTC (a desk on UTC).
  const openedLocal = holderTz ? localDateTimeLabel(Date.parse(i.openedAt), holderTz) : null
  const { viewer } = useSession()

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
            {openedLocal && openedLocal !== utcLabel(Date.parse(i.openedAt))
              ? ` · ${openedLocal}`
              : ''}
          </span>
          {viewer.role !== 'VENDOR' && (
            <Link href={`/what-if?from=${encodeURIComponent(i.key)}`} className={styles.whatIf}>
              What if…? Replay these events
            </Link>
          )}
          {i.parent && (
            <span>
              Linked to{' '}
              <Link href={`/incidents/${encodeURIComponent(i.parent.key)}`}>{i.parent.key}</Link>
            </span>
          )}
        </div>
      </header>

      <ActionsPanel incident={i} parties={parties} onDone={refetch} />

      <CustodySection source={i} lanes={lanes} now={minute * 60_000} />

      <ClocksSection clocks={i.clocks} lanes={lanes} />
      <EscalationsSection escalations={i.escalations} notifications={i.notifications}>
        <PlannedLadder incident={i} />
      </EscalationsSection>
      <BondsSection incident={i} />
      <LedgerSection incident={i} />
    </article>
  )
}
