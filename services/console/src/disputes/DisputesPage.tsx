import { useMemo } from 'react'
import { useQuery } from 'urql'
import { useLocation, useSearch } from 'wouter'
import { DisputesTable } from '../accountability/DisputesTable.tsx'
import { DisputesListDocument, type DisputeState } from '../gql/graphql.ts'
import { Field } from '../util/Field.tsx'
import { byVendor, parseDisputeFilters, serializeDisputeFilters } from './dispute-filters.ts'
import cards from '../accountability/accountability.module.css'
import styles from '../accountability/pages.module.css'
import { usePageTitle } from '../util/use-page-title.ts'

/** `/disputes`: the retained team's disputes, filtered by state and vendor in the query string. */
export function DisputesPage() {
  const search = useSearch()
  const [location, navigate] = useLocation()
  const filters = useMemo(() => parseDisputeFilters(search), [search])
  const [result] = useQuery({
    query: DisputesListDocument,
    variables: { state: filters.state },
    requestPolicy: 'cache-and-network',
  })
  usePageTitle('Disputes')
  const vendors = (result.data?.parties ?? []).filter((p) => p.kind !== 'RETAINED')
  const shown = byVendor(result.data?.disputes ?? [], filters.vendor)
  const set = (f: typeof filters) =>
    navigate(`${location}${serializeDisputeFilters(f)}`, { replace: true })

  return (
    <div className={styles.page}>
      <div className={styles.head}>
        <h1>Disputes</h1>
        <p className='muted' aria-live='polite'>
          {result.data ? `${shown.length} shown` : 'Loading…'}
        </p>
      </div>
      <form
        className={styles.filters}
        aria-label='Filter disputes'
        onSubmit={(e) => e.preventDefault()}
      >
        <Field label='State'>
          <select
            value={filters.state ?? 'ALL'}
            onChange={(e) =>
              set({
                ...filters,
                state: e.target.value === 'ALL' ? null : (e.target.value as DisputeState),
              })
            }
          >
            <option value='OPEN'>Open (awaiting a decision)</option>
            <option value='ACCEPTED'>Upheld</option>
            <option value='REJECTED'>Rejected</option>
            <option value='ALL'>Every state</option>
          </select>
        </Field>
        <Field label='Vendor'>
          <select
            value={filters.vendor ?? ''}
            onChange={(e) => set({ ...filters, vendor: e.target.value || null })}
          >
            <option value=''>Every vendor</option>
            {vendors.map((p) => (
              <option key={p.id} value={p.slug}>
                {p.name}
              </option>
            ))}
          </select>
        </Field>
      </form>
      {result.error && (
        <p role='alert' className='error-text'>
          Could not load the disputes: {result.error.message}
        </p>
      )}
      {result.data && (
        <section className={cards.card} aria-label='Disputes'>
          <DisputesTable
            disputes={shown}
            label='Disputes'
            href={(d) => `/disputes/${encodeURIComponent(d.id)}`}
          />
        </section>
      )}
    </div>
  )
}
