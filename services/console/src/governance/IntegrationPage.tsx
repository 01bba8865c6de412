import { useState } from 'react'
import { useMutation, useQuery, type CombinedError } from 'urql'
import { Link } from 'wouter'
import {
  DeadLetterPayloadDocument,
  DiscardDeadLetterDocument,
  IntegrationOverviewDocument,
  PauseDeliveryDocument,
  ReplayDeadLetterDocument,
  ResumeDeliveryDocument,
  VendorDeadLettersDocument,
  type DeadLetterRowFragment,
  type DeadLetterStatus,
  type HealthFiguresFragment,
} from '../gql/graphql.ts'
import { NotFound } from '../layout/NotFound.tsx'
import { isStaff, useSession } from '../signin/session-context.tsx'
import { apiErrors } from '../util/api-errors.ts'
import { Field, FormErrors } from '../util/Field.tsx'
import { formatPercent } from '../accountability/format.ts'
import { formatAge } from './format.ts'
import styles from './Governance.module.css'
import { TableHead } from '../util/TableHead.tsx'
import tables from '../incident/sections.module.css'

const utc = (iso: string | null | undefined) =>
  iso ? `${iso.slice(0, 16).replace('T', ' ')} UTC` : '—'

function DeliveryState({ h }: { h: HealthFiguresFragment }) {
  if (h.endpointDisabledAt)
    return (
      <span className={`${styles.state} ${styles.stateBad}`}>
        Disabled (410 Gone) since {utc(h.endpointDisabledAt)}
      </span>
    )
  return h.deliveryPaused ? (
    <span className={`${styles.state} ${styles.statePaused}`}>
      <span aria-hidden='true'>❚❚</span> <span>Delivery paused</span>
    </span>
  ) : (
    <span className={`${styles.state} ${styles.stateOk}`}>
      <span aria-hidden='true'>▶</span> <span>Delivering</span>
    </span>
  )
}

/** Every vendor's integration at a glance; each name opens its page. */
export function IntegrationOverviewPage() {
  const [r] = useQuery({ query: IntegrationOverviewDocument, requestPolicy: 'cache-and-network' })
  const now = Date.now()
  const rows = (r.data?.parties ?? [])
    .flatMap((p) => (p.integrationHealth ? [p.integrationHealth] : []))
    .sort((a, b) => a.party.name.localeCompare(b.party.name))
  return (
    <div className={styles.page}>
      <h1>Integration health</h1>
      <FormErrors messages={apiErrors(r.error).form} />
      {r.fetching && !r.data && <p role='status'>Loading…</p>}
      <section aria-labelledby='ih-all' className={tables.card}>
        <h2 id='ih-all'>Vendors</h2>
        <table className={tables.table}>
          <TableHead
            columns={[
              'Vendor',
              'Delivery',
              'Queue depth',
              'Oldest undelivered',
              'Awaiting apply',
              'Dead letters',
              'Duplicates (24 h)',
            ]}
          />
          <tbody>
            {rows.map((h) => (
              <tr key={h.party.id} data-vendor={h.party.slug}>
                <td data-label='Vendor'>
                  <Link href={`/integration/${h.party.slug}`}>{h.party.name}</Link>
                </td>
                <td data-label='Delivery'>
                  <DeliveryState h={h} />
                </td>
                <td data-label='Queue depth'>{h.queueDepth}</td>
                <td data-label='Oldest undelivered'>
                  {h.oldestUndeliveredAt ? `${formatAge(h.oldestUndeliveredAt, now)} ago` : '—'}
                </td>
                <td data-label='Awaiting apply'>{h.awaitingApply}</td>
                <td data-label='Dead letters'>{h.deadLetters}</td>
                <td data-label='Duplicates (24 h)'>{duplicateShare(h)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </div>
  )
}

/** The share of the last 24 hours' webhooks that repeated a message id ('—' when none came). */
const duplicateShare = (h: { duplicateRate?: number | null }) =>
  formatPercent(
    h.duplicateRate === null || h.duplicateRate === undefined ? null : h.duplicateRate * 100
  )

/** One vendor: its figures, the delivery switch and its dead letters. */
export function IntegrationVendorPage({ slug }: { slug: string }) {
  const { viewer } = useSession()
  const [r, refetch] = useQuery({
    query: IntegrationOverviewDocument,
    requestPolicy: 'cache-and-network',
  })
  const party = r.data?.parties.find((p) => p.slug === slug)
  if (r.error) return <FormErrors messages={apiErrors(r.error).form} />
  if (r.data && !party?.integrationHealth) return <NotFound what='vendor integration' />
  if (!party?.integrationHealth) return <p role='status'>Loading…</p>
  const h = party.integrationHealth
  const now = Date.now()
  return (
    <div className={styles.page}>
      <p className={styles.crumbs}>
        <Link href='/integration'>Integration health</Link> <span aria-hidden='true'>›</span>{' '}
        {party.name}
      </p>
      <div className={styles.head}>
        <h1>{party.name}: integration health</h1>
        <DeliveryState h={h} />
      </div>
      <section aria-labelledby='ih-figures' className={tables.card}>
        <h2 id='ih-figures'>Now</h2>
        <dl className={styles.figures}>
          <div className={styles.figure}>
            <dt>Queue depth</dt>
            <dd data-figure='Queue depth'>{h.queueDepth}</dd>
          </div>
          <div className={styles.figure}>
            <dt>Oldest undelivered</dt>
            <dd data-figure='Oldest undelivered'>
              {h.oldestUndeliveredAt ? (
                <>
                  {formatAge(h.oldestUndeliveredAt, now)} ago
                  <span className={styles.figureSub}>{utc(h.oldestUndeliveredAt)}</span>
                </>
              ) : (
                'none'
              )}
            </dd>
          </div>
          <div className={styles.figure}>
            <dt>Delivered / failed</dt>
            <dd data-figure='Delivered / failed'>
              {h.delivered} / {h.failed}
            </dd>
          </div>
          <div className={styles.figure}>
            <dt>Awaiting apply</dt>
            <dd data-figure='Awaiting apply'>
              {h.awaitingApply}
              {h.oldestAwaitingApplyAt && (
                <span className={styles.figureSub}>
                  oldest {formatAge(h.oldestAwaitingApplyAt, now)} ago
                </span>
              )}
            </dd>
          </div>
          <div className={styles.figure}>
            <dt>Open dead letters</dt>
            <dd data-figure='Open dead letters'>{h.deadLetters}</dd>
          </div>
          <div className={styles.figure}>
            <dt>Duplicates (24 h)</dt>
            <dd data-figure='Duplicates (24 h)'>
              {duplicateShare(h)}
              <span className={styles.figureSub}>
                {h.duplicatesLast24h} of {h.acceptedLast24h + h.duplicatesLast24h} webhooks
              </span>
            </dd>
          </div>
        </dl>
        {isStaff(viewer.role) && (
          <DeliverySwitch h={h} onDone={() => refetch({ requestPolicy: 'network-only' })} />
        )}
      </section>
      <DeadLetters
        partyId={party.id}
        vendor={party.name}
        canAct={isStaff(viewer.role)}
        onChange={() => refetch({ requestPolicy: 'network-only' })}
      />
    </div>
  )
}

function DeliverySwitch({ h, onDone }: { h: HealthFiguresFragment; onDone: () => void }) {
  const [pause, runPause] = useMutation(PauseDeliveryDocument)
  const [resume, runResume] = useMutation(ResumeDeliveryDocument)
  const busy = pause.fetching || resume.fetching
  const error = h.deliveryPaused ? resume.error : pause.error
  return (
    <div className={styles.actions}>
      {h.deliveryPaused ? (
        <button
          type='button'
          className='primary'
          disabled={busy}
          onClick={() => void runResume({ partyId: h.party.id }).then((x) => !x.error && onDone())}
        >
          Resume delivery
        </button>
      ) : (
        <button
          type='button'
          disabled={busy}
          onClick={() => void runPause({ partyId: h.party.id }).then((x) => !x.error && onDone())}
        >
          Pause delivery
        </button>
      )}
      <span className='muted'>
        {h.deliveryPaused
          ? `Messages to ${h.party.name} wait in the queue until delivery resumes.`
          : `Pausing holds messages to ${h.party.name} in the queue; nothing is dropped.`}
      </span>
      <ErrorsOf error={error} />
    </div>
  )
}

function ErrorsOf({ error }: { error: CombinedError | undefined }) {
  const e = apiErrors(error)
  return <FormErrors messages={[...e.form, ...Object.values(e.fields)]} />
}

const FILTERS: { label: string; status: DeadLetterStatus[] }[] = [
  { label: 'Open', status: ['REJECTED', 'DEAD_LETTER'] },
  { label: 'Replayed', status: ['RECORDED', 'APPLIED'] },
  { label: 'Discarded', status: ['DISCARDED'] },
]

function DeadLetters({
  partyId,
  vendor,
  canAct,
  onChange,
}: {
  partyId: string
  vendor: string
  canAct: boolean
  /** a letter was replayed or discarded: the figures above change too */
  onChange: () => void
}) {
  const [filter, setFilter] = useState(0)
  const [done, setDone] = useState<string[]>([])
  const [r, refetch] = useQuery({
    query: VendorDeadLettersDocument,
    variables: { partyId, status: FILTERS[filter]!.status },
    requestPolicy: 'cache-and-network',
  })
  const letters = r.data?.deadLetters.nodes ?? []
  return (
    <section aria-labelledby='ih-dead' className={tables.card}>
      <h2 id='ih-dead'>Dead letters</h2>
      <div role='group' aria-label='Show' className={styles.filters}>
        {FILTERS.map((f, i) => (
          <button
            key={f.label}
            type='button'
            aria-pressed={i === filter}
            className={i === filter ? 'primary' : ''}
            onClick={() => setFilter(i)}
          >
            {f.label}
          </button>
        ))}
      </div>
      {done.length > 0 && (
        <div role='status'>
          <ul className={styles.notices}>
            {done.map((d) => (
              <li key={d}>{d}</li>
            ))}
          </ul>
        </div>
      )}
      <FormErrors messages={apiErrors(r.error).form} />
      {letters.length === 0 ? (
        <p className='muted'>
          {r.fetching
            ? 'Loading…'
            : `No ${FILTERS[filter]!.label.toLowerCase()} dead letters from ${vendor}.`}
        </p>
      ) : (
        <table className={tables.table} aria-label={`Dead letters from ${vendor}`}>
          <TableHead columns={['Received', 'Message', 'Incident', 'Status', 'Actions']} />
          <tbody>
            {letters.map((l) => (
              <DeadLetterRow
                key={l.id}
                l={l}
                canAct={canAct}
                onDone={(what) => {
                  setDone((d) => [what, ...d].slice(0, 5))
                  // The letter moves to another list: read this one again from the server.
                  refetch({ requestPolicy: 'network-only' })
                  onChange()
                }}
              />
            ))}
          </tbody>
        </table>
      )}
      {r.data?.deadLetters.pageInfo.hasNextPage && <p className='muted'>Showing the newest 100.</p>}
    </section>
  )
}

function DeadLetterRow({
  l,
  canAct,
  onDone,
}: {
  l: DeadLetterRowFragment
  canAct: boolean
  onDone: (what: string) => void
}) {
  const [open, setOpen] = useState<'payload' | 'discard' | null>(null)
  const [replay, runReplay] = useMutation(ReplayDeadLetterDocument)
  const [discard, runDiscard] = useMutation(DiscardDeadLetterDocument)
  const [reasonError, setReasonError] = useState<string>()
  const isOpen = l.status === 'REJECTED' || l.status === 'DEAD_LETTER'
  const name = `${l.type} of ${utc(l.receivedAt)}`
  return (
    <>
      <tr data-dead-letter={l.id}>
        <td data-label='Received'>
          {utc(l.receivedAt)}
          <span className={tables.sub}>
            receipt <span className='mono'>{l.id}</span>
          </span>
        </td>
        <td data-label='Message'>
          <span className='mono'>{l.type}</span>
          <span className={tables.sub}>
            vendor id <span className='mono'>{l.messageId}</span>
          </span>
        </td>
        <td data-label='Incident'>
          {l.incident ? (
            <Link href={`/incidents/${encodeURIComponent(l.incident.key)}`}>{l.incident.key}</Link>
          ) : (
            '—'
          )}
        </td>
        <td data-label='Status'>
          <span className={styles.status}>{l.status.replace('_', ' ')}</span>
          {l.error && <span className={tables.sub}>{l.error}</span>}
          {l.replays > 0 && (
            <span className={tables.sub}>
              replayed {l.replays}× · last by {l.replayedBy} {utc(l.replayedAt)}
            </span>
          )}
          {l.discardedAt && (
            <span className={tables.sub}>
              discarded by {l.discardedBy} {utc(l.discardedAt)}: {l.discardReason}
            </span>
          )}
        </td>
        <td data-label='Actions'>
          <div className={styles.rowActions}>
            <button
              type='button'
              aria-expanded={open === 'payload'}
              aria-label={`Inspect the payload of ${name}`}
              onClick={() => setOpen(open === 'payload' ? null : 'payload')}
            >
              Inspect
            </button>
            {canAct && isOpen && (
              <>
                <button
                  type='button'
                  className='primary'
                  aria-label={`Replay ${name}`}
                  disabled={replay.fetching}
                  onClick={() =>
                    void runReplay({ id: l.id }).then((x) => {
                      const a = x.data?.replayDeadLetter
                      if (a)
                        onDone(
                          a.replayed
                            ? `Replayed ${name} (${a.outcome ?? 'sent'}); now ${a.deadLetter.status.replace('_', ' ')}.`
                            : `${name} had already been replayed: nothing sent again.`
                        )
                    })
                  }
                >
                  Replay
                </button>
                <button
                  type='button'
                  aria-expanded={open === 'discard'}
                  aria-label={`Discard ${name}`}
                  onClick={() => setOpen(open === 'discard' ? null : 'discard')}
                >
                  Discard…
                </button>
              </>
            )}
          </div>
          <ErrorsOf error={replay.error} />
        </td>
      </tr>
      {open && (
        <tr className={styles.detailRow}>
          <td colSpan={5} data-label={open === 'payload' ? 'Payload' : 'Discard'}>
            {open === 'payload' && <Payload id={l.id} />}
            {open === 'discard' && (
              <form
                className={styles.discard}
                onSubmit={(e) => {
                  e.preventDefault()
                  const reason = String(new FormData(e.currentTarget).get('reason') ?? '').trim()
                  if (!reason) {
                    setReasonError('Say why it is discarded.')
                    return
                  }
                  setReasonError(undefined)
                  void runDiscard({ id: l.id, reason }).then((x) => {
                    if (x.data) onDone(`Discarded ${name}: ${reason}`)
                  })
                }}
              >
                <Field label='Reason' error={reasonError ?? apiErrors(discard.error).fields.reason}>
                  <input name='reason' autoComplete='off' />
                </Field>
                <button type='submit' disabled={discard.fetching}>
                  Discard for good
                </button>
                <FormErrors messages={apiErrors(discard.error).form} />
              </form>
            )}
          </td>
        </tr>
      )}
    </>
  )
}

function Payload({ id }: { id: string }) {
  const [r] = useQuery({ query: DeadLetterPayloadDocument, variables: { id } })
  if (r.error) return <FormErrors messages={apiErrors(r.error).form} />
  if (!r.data) return <p role='status'>Loading the payload…</p>
  return (
    <pre className={styles.payload} tabIndex={0} aria-label='Original payload'>
      {r.data.deadLetter?.payload ?? 'not available'}
    </pre>
  )
}
