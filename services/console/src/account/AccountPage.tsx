import { useMemo } from 'react'
import { useQuery } from 'urql'
import { Link, useSearch } from 'wouter'
import { CreditStatementsTable } from '../accountability/CreditStatementsTable.tsx'
import { DisputesTable } from '../accountability/DisputesTable.tsx'
import {
  describeClockId,
  isMonth,
  monthLabel,
  monthOf,
  monthRange,
  shiftMonth,
} from '../accountability/format.ts'
import { IntegrationHealthFigures, ScorecardFigures } from '../accountability/ScorecardFigures.tsx'
import { AccountDocument, AccountPartyDocument } from '../gql/graphql.ts'
import { utcLabel } from '../util/time-zone.ts'
import cards from '../accountability/accountability.module.css'
import styles from '../accountability/pages.module.css'
import { usePageTitle } from '../util/use-page-title.ts'

/** `/account` for a VENDOR token: its scorecard, credits, disputes and integration health for a month (`?month=YYYY-MM`, default this month). */
export function AccountPage() {
  const search = useSearch()
  const asked = new URLSearchParams(search).get('month')
  const month = isMonth(asked) ? asked : monthOf(Date.now())
  const [me] = useQuery({ query: AccountPartyDocument })
  const party = me.data?.viewer.party ?? null
  const range = useMemo(() => monthRange(month), [month])
  const [result] = useQuery({
    query: AccountDocument,
    variables: { partyId: party?.id ?? '', ...range, month },
    pause: !party,
    requestPolicy: 'cache-and-network',
  })

  usePageTitle('My account')

  if (me.data && !party)
    return (
      <section className={styles.page} aria-labelledby='account-title'>
        <h1 id='account-title'>My account</h1>
        <p>My account is the page of a vendor token: a staff token has no party of its own.</p>
      </section>
    )
  const d = result.data
  const error = me.error ?? result.error
  const open = d?.disputes.filter((x) => x.state === 'OPEN') ?? []
  const decided = d?.disputes.filter((x) => x.state !== 'OPEN') ?? []
  return (
    <div className={styles.page}>
      <div className={styles.head}>
        <h1 id='account-title'>My account{party ? `: ${party.name}` : ''}</h1>
        <nav aria-label='Month' className={styles.months}>
          <Link href={`/account?month=${shiftMonth(month, -1)}`}>
            ← {monthLabel(shiftMonth(month, -1))}
          </Link>
          <strong aria-current='page'>{monthLabel(month)}</strong>
          <Link href={`/account?month=${shiftMonth(month, 1)}`}>
            {monthLabel(shiftMonth(month, 1))} →
          </Link>
        </nav>
      </div>
      {error && (
        <p role='alert' className='error-text'>
          Could not load the account: {error.message}
        </p>
      )}
      {!d && !error && <p role='status'>Loading…</p>}
      {d && (
        <>
          <section aria-labelledby='scorecard-title' className={cards.card}>
            <h2 id='scorecard-title'>Scorecard, {monthLabel(month)}</h2>
            <ScorecardFigures scorecard={d.scorecard} />
            {d.scorecard.breachesAttributed.length > 0 && (
              <>
                <h3>Breaches attributed</h3>
                <ul className={styles.list}>
                  {d.scorecard.breachesAttributed.map((b) => (
                    <li key={`${b.incidentKey}/${b.clockId}`}>
                      <Link href={`/incidents/${encodeURIComponent(b.incidentKey)}`}>
                        {b.incidentKey}
                      </Link>{' '}
                      {describeClockId(b.clockId).metric} ({b.agreement}, {b.kind}), breached{' '}
                      {utcLabel(Date.parse(b.breachedAt))}
                    </li>
                  ))}
                </ul>
              </>
            )}
          </section>
          <section aria-labelledby='credits-title' className={cards.card}>
            <h2 id='credits-title'>Credits, {monthLabel(month)}</h2>
            <CreditStatementsTable
              statements={d.creditStatements}
              label={`Credit statements ${month}`}
            />
          </section>
          <section aria-labelledby='disputes-title' className={cards.card}>
            <h2 id='disputes-title'>Open disputes</h2>
            <DisputesTable disputes={open} label='Open disputes' showParty={false} />
            {decided.length > 0 && (
              <>
                <h3>Decided</h3>
                <DisputesTable disputes={decided} label='Decided disputes' showParty={false} />
              </>
            )}
          </section>
          <section aria-labelledby='integration-title' className={cards.card}>
            <h2 id='integration-title'>Integration health, {monthLabel(month)}</h2>
            <p className='muted'>
              Messages your integration sent to Baton for your bonds this month.
            </p>
            <IntegrationHealthFigures health={d.scorecard.integration} />
          </section>
        </>
      )}
    </div>
  )
}
