import type { ReactNode } from 'react'
import { useQuery } from 'urql'
import { reachOf } from '../board/major-incident.ts'
import { EscalationPreviewDocument } from '../gql/graphql.ts'
import { NotificationRecipient } from '../util/NotificationRecipient.tsx'
import { localDateTimeLabel, utcLabel } from '../util/time-zone.ts'
import { useTicking } from '../util/use-now.ts'
import type { PageIncident } from './IncidentPage.tsx'
import { SectionCard, SectionTable } from './SectionCard.tsx'
import styles from './sections.module.css'

export interface EscalationRow {
  id: string
  at: string
  reason: string
  step?: number | null
  party: { name: string }
  desk?: { name: string; timeZone: string } | null
  recipients: ReadonlyArray<string>
}

/**
 * Escalations that fired (when, step, whom, channel, delivery state): a live incident's, with its
 * notifications' delivery states, or a what-if's (no notifications: recipients alone). `children`
 * follow the table (the incident page's ladder still planned).
 */
export function EscalationsSection({
  escalations,
  notifications,
  children,
}: {
  escalations: ReadonlyArray<EscalationRow>
  notifications?: Parameters<typeof reachOf>[1]
  children?: ReactNode
}) {
  return (
    <SectionCard id='escalations' title='Escalations'>
      <h3>Fired ({escalations.length})</h3>
      {escalations.length === 0 ? (
        <p className='muted'>None fired.</p>
      ) : (
        <SectionTable
          label='Escalations fired'
          columns={['When', 'Step', 'Party and desk', 'Why', 'Whom, channel and delivery']}
        >
          {escalations.map((e) => (
            <tr key={e.id}>
              <td data-label='When'>
                <time dateTime={e.at}>{utcLabel(Date.parse(e.at))}</time>
                {e.desk && (
                  <span className={styles.sub}>
                    {localDateTimeLabel(Date.parse(e.at), e.desk.timeZone)}
                  </span>
                )}
              </td>
              <td data-label='Step'>{e.step ?? '—'}</td>
              <td data-label='Party and desk'>
                {e.party.name}
                {e.desk && <span className={styles.sub}>{e.desk.name}</span>}
              </td>
              <td data-label='Why'>{e.reason}</td>
              <td data-label='Whom, channel and delivery'>
                <ul className={styles.list}>
                  {notifications
                    ? reachOf(e, notifications).map((r) => (
                        <li key={r.recipient}>
                          <NotificationRecipient reach={r} />
                        </li>
                      ))
                    : e.recipients.map((r) => <li key={r}>{r}</li>)}
                </ul>
              </td>
            </tr>
          ))}
        </SectionTable>
      )}
      {children}
    </SectionCard>
  )
}

/** The ladder still to fire for whoever is on the hook now: the receiver of an open offer, else the holder. */
export function PlannedLadder({ incident: i }: { incident: PageIncident }) {
  const open = [...i.handoffs].reverse().find((h) => h.state === 'OFFERED' || h.state === 'EXPIRED')
  const current = i.custody.find((s) => !s.to)
  const party = open ? open.to : i.holder
  const at = open ? open.offeredAt : (current?.from ?? i.openedAt)
  const live = i.status === 'OPEN' || i.status === 'ACKNOWLEDGED' || i.status === 'WAITING'
  const [result] = useQuery({
    query: EscalationPreviewDocument,
    variables: { partyId: party.id, priority: i.priority, at },
    pause: !live,
  })
  const minute = useTicking((now) => Math.floor(now / 60_000))
  if (!live) return null
  const planned = (result.data?.escalationPreview ?? []).filter(
    (p) => Date.parse(p.at) > minute * 60_000
  )
  return (
    <>
      <h3>
        Still planned for {party.name}
        {open ? ' (open hand-off offer)' : ''}
      </h3>
      {result.error ? (
        <p className='error-text'>{result.error.message}</p>
      ) : !result.data ? (
        <p className='muted'>Loading…</p>
      ) : planned.length === 0 ? (
        <p className='muted'>Nothing more planned.</p>
      ) : (
        <SectionTable
          label='Escalations still planned'
          columns={['When', 'Step', 'Condition', 'Desk', 'Whom (local time)']}
        >
          {planned.map((p) => (
            <tr key={`${p.step}-${p.repeat}-${p.at}`}>
              <td data-label='When'>
                <time dateTime={p.at}>{utcLabel(Date.parse(p.at))}</time>
              </td>
              <td data-label='Step'>
                {p.step}
                {p.repeat ? ` (repeat ${p.repeat})` : ''}
              </td>
              <td data-label='Condition'>{p.condition}</td>
              <td data-label='Desk'>{p.desk?.name ?? '—'}</td>
              <td data-label='Whom (local time)'>
                <ul className={styles.list}>
                  {p.recipients.map((r) => (
                    <li key={r}>{r}</li>
                  ))}
                </ul>
                <span className={styles.sub}>{p.localTime}</span>
              </td>
            </tr>
          ))}
        </SectionTable>
      )}
    </>
  )
}
