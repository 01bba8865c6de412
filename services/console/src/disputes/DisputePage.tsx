import { useState, type FormEvent } from 'react'
import { useMutation, useQuery } from 'urql'
import { Link } from 'wouter'
import { CreditStatementsTable } from '../accountability/CreditStatementsTable.tsx'
import { DisputeState } from '../accountability/DisputesTable.tsx'
import { describeClockId, formatMoney, monthOf } from '../accountability/format.ts'
import {
  DecideDisputeDocument,
  DisputeDocument,
  PartyCreditsDocument,
  type DisputeQuery,
} from '../gql/graphql.ts'
import { ClockAgreementCell, ClockStateCell } from '../incident/ClockCells.tsx'
import { NotFound } from '../layout/NotFound.tsx'
import { isStaff, useSession } from '../signin/session-context.tsx'
import { apiErrors } from '../util/api-errors.ts'
import { formatDuration, parseDuration } from '../util/duration.ts'
import { Field, FormErrors } from '../util/Field.tsx'
import { utcLabel } from '../util/time-zone.ts'
import cards from '../accountability/accountability.module.css'
import styles from '../accountability/pages.module.css'
import { TableHead } from '../util/TableHead.tsx'
import { usePageTitle } from '../util/use-page-title.ts'

type Dispute = NonNullable<DisputeQuery['dispute']>

const at = (iso: string | null | undefined) => (iso ? utcLabel(Date.parse(iso)) : '—')

/** `/disputes/<id>`: the evidence of both sides, the clock it touches, its credit lines, the decision. */
export function DisputePage({ id }: { id: string }) {
  const [result, reexecute] = useQuery({
    query: DisputeDocument,
    variables: { id },
    requestPolicy: 'cache-and-network',
  })
  usePageTitle('Dispute')
  if (!result.data && result.fetching) return <p role='status'>Loading the dispute…</p>
  if (result.error && !result.data)
    return (
      <p role='alert' className='error-text'>
        Could not load the dispute: {result.error.message}
      </p>
    )
  const d = result.data?.dispute
  if (!d) return <NotFound what='dispute' />
  return <DisputeView dispute={d} refetch={() => reexecute({ requestPolicy: 'network-only' })} />
}

function DisputeView({ dispute: d, refetch }: { dispute: Dispute; refetch: () => void }) {
  const { viewer } = useSession()
  const clock = d.incident.clocks.find((c) => c.id === d.clockId) ?? null
  const month = monthOf(Date.parse(clock?.breachedAt ?? d.openedAt))
  const [credits, refetchCredits] = useQuery({
    query: PartyCreditsDocument,
    variables: { partyId: d.party.id, month },
    requestPolicy: 'cache-and-network',
  })
  const what = describeClockId(d.clockId)
  const ledger = d.incident.timeline.nodes
  const h = clock?.handoff ?? null
  return (
    <div className={styles.page}>
      <p className={styles.crumbs}>
        <Link href='/disputes'>Disputes</Link> ›{' '}
        <Link href={`/incidents/${encodeURIComponent(d.incident.key)}`}>{d.incident.key}</Link>
      </p>
      <div className={styles.head}>
        <h1>
          {d.party.name} disputes {what.metric || 'a breach'} on {d.incident.key}
        </h1>
        <DisputeState state={d.state} />
      </div>
      <p className='muted'>
        {d.incident.title} · {d.incident.priority} · clock <code>{d.clockId}</code>
      </p>

      <div className={styles.grid2}>
        <section aria-labelledby='vendor-evidence' className={cards.card}>
          <h2 id='vendor-evidence'>{d.party.name}’s evidence</h2>
          <p className={cards.evidence}>{d.evidence}</p>
          <p className='muted'>Opened {at(d.openedAt)}</p>
        </section>
        <section aria-labelledby='record-evidence' className={cards.card}>
          <h2 id='record-evidence'>The record behind the attribution</h2>
          {clock ? (
            <ul className={styles.list}>
              <li>
                {clock.agreement.name} ({clock.agreement.kind} v{clock.agreement.version}),{' '}
                {what.metric.toLowerCase()} clock of {clock.party.name}: target{' '}
                {formatDuration(parseDuration(clock.target))}, used{' '}
                {formatDuration(parseDuration(clock.elapsed))}.
              </li>
              <li>
                Breached {at(clock.breachedAt)}, attributed to{' '}
                <strong>{clock.attributedTo?.name ?? 'nobody'}</strong>.
              </li>
              {h && (
                <li>
                  {h.from.name} offered the baton to {h.to.name} at {at(h.offeredAt)}
                  {h.reason ? `: “${h.reason}”` : ''}.{' '}
                  {h.expiredAt
                    ? `The acceptance window ended unanswered at ${at(h.expiredAt)}. `
                    : ''}
                  {h.respondedAt
                    ? `Answered (${h.state.toLowerCase()}) at ${at(h.respondedAt)}.`
                    : ''}
                </li>
              )}
            </ul>
          ) : (
            <p className='muted'>The clock is no longer computed for this incident.</p>
          )}
          {d.decisionReason && (
            <p>
              <strong>Decision</strong> by {d.decidedBy} at {at(d.decidedAt)}: {d.decisionReason}
            </p>
          )}
        </section>
      </div>

      {clock && (
        <section aria-labelledby='clock-title' className={cards.card}>
          <h2 id='clock-title'>The clock it touches</h2>
          <table className={cards.table} aria-label='Disputed clock'>
            <TableHead
              columns={[
                'Agreement',
                'Clock',
                'State',
                'Target',
                'Elapsed',
                'Breached',
                'Attributed to',
              ]}
            />
            <tbody>
              <tr>
                <ClockAgreementCell agreement={clock.agreement} />
                <td data-label='Clock'>
                  {what.metric} · {clock.party.name}
                  {clock.cycle > 1 && <span className={cards.sub}>cycle {clock.cycle}</span>}
                </td>
                <ClockStateCell clock={clock} />
                <td data-label='Target'>{formatDuration(parseDuration(clock.target))}</td>
                <td data-label='Elapsed'>{formatDuration(parseDuration(clock.elapsed))}</td>
                <td data-label='Breached'>{at(clock.breachedAt)}</td>
                <td data-label='Attributed to'>{clock.attributedTo?.name ?? '—'}</td>
              </tr>
            </tbody>
          </table>
        </section>
      )}

      <section aria-labelledby='lines-title' className={cards.card}>
        <h2 id='lines-title'>Credit lines of this clock</h2>
        {d.creditLines.length === 0 ? (
          <p className='muted'>This breach earned no credit.</p>
        ) : (
          <table className={cards.table} aria-label='Credit lines of this clock'>
            <thead>
              <tr>
                <th scope='col'>Agreement</th>
                <th scope='col' className={cards.num}>
                  Amount
                </th>
                <th scope='col'>Why</th>
              </tr>
            </thead>
            <tbody>
              {d.creditLines.map((l, n) => (
                <tr key={n}>
                  <td data-label='Agreement'>
                    {l.agreement.slug}@{l.agreement.version}
                  </td>
                  <td data-label='Amount' className={cards.num}>
                    {formatMoney(l.amount, l.currency)}
                  </td>
                  <td data-label='Why'>{l.reason}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section aria-labelledby='statements-title' className={cards.card}>
        <h2 id='statements-title'>
          {d.party.name}’s credits, {month}
        </h2>
        {credits.data ? (
          <CreditStatementsTable
            statements={credits.data.creditStatements}
            label={`${d.party.name} credit statements ${month}`}
          />
        ) : credits.error ? (
          <p role='alert' className='error-text'>
            {credits.error.message}
          </p>
        ) : (
          <p role='status'>Loading…</p>
        )}
      </section>

      {d.state === 'OPEN' && isStaff(viewer.role) && (
        <DecideForm
          dispute={d}
          onDone={() => {
            refetch()
            refetchCredits({ requestPolicy: 'network-only' })
          }}
        />
      )}

      <section aria-labelledby='dispute-ledger' className={cards.card}>
        <h2 id='dispute-ledger'>In the ledger of {d.incident.key}</h2>
        {ledger.length === 0 ? (
          <p className='muted'>No entry yet.</p>
        ) : (
          <ol className={styles.list}>
            {ledger.map((e) => (
              <li key={e.id}>
                #{e.seq} {at(e.at)} <strong>{e.type}</strong> by {e.actor}
              </li>
            ))}
          </ol>
        )}
      </section>
    </div>
  )
}

function DecideForm({ dispute, onDone }: { dispute: Dispute; onDone: () => void }) {
  const [result, decide] = useMutation(DecideDisputeDocument)
  const [local, setLocal] = useState<string | undefined>()
  const errors = apiErrors(result.error)
  async function go(e: FormEvent<HTMLFormElement>) {
    e.preventDefault()
    const data = new FormData(e.currentTarget)
    const reason = String(data.get('reason') ?? '').trim()
    if (!reason) {
      setLocal('A decision needs a reason.')
      return
    }
    setLocal(undefined)
    const r = await decide({ id: dispute.id, accept: data.get('decision') === 'uphold', reason })
    if (!r.error) onDone()
  }
  return (
    <section aria-labelledby='decide-title' className={cards.card}>
      <h2 id='decide-title'>Decide</h2>
      <form
        noValidate
        className={styles.stack}
        onSubmit={(e) => {
          void go(e)
        }}
      >
        <fieldset className={styles.radios}>
          <legend>Decision</legend>
          <label>
            <input type='radio' name='decision' value='uphold' defaultChecked /> Uphold the dispute:
            the breach’s credits are cancelled
          </label>
          <label>
            <input type='radio' name='decision' value='reject' /> Reject it: the attribution and its
            credits stand
          </label>
        </fieldset>
        <Field label='Reason' error={local ?? errors.fields.reason}>
          <textarea name='reason' rows={3} />
        </Field>
        <FormErrors messages={errors.form} />
        <div>
          <button type='submit' className='primary' disabled={result.fetching}>
            Record the decision
          </button>
        </div>
      </form>
    </section>
  )
}
