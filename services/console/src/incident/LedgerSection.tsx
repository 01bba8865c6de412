import { useState } from 'react'
import { useClient, useQuery } from 'urql'
import { Link } from 'wouter'
import { IncidentTimelinePageDocument, VerifyLedgerDocument } from '../gql/graphql.ts'
import { Icon } from '../util/icons.tsx'
import { splitIncidentKeys } from '../util/incident-keys.ts'
import { utcLabel } from '../util/time-zone.ts'
import type { PageIncident } from './IncidentPage.tsx'
import { summarizeEntry } from './ledger-entries.ts'
import { SectionCard } from './SectionCard.tsx'
import styles from './sections.module.css'

type Entry = PageIncident['timeline']['nodes'][number]

/** The ledger as a timeline, with the result of recomputing its hash chain. */
export function LedgerSection({ incident: i }: { incident: PageIncident }) {
  const [verify] = useQuery({
    query: VerifyLedgerDocument,
    variables: { id: i.id },
    requestPolicy: 'network-only',
  })
  const client = useClient()
  const [more, setMore] = useState<{
    nodes: Entry[]
    endCursor: string | null
    hasNextPage: boolean
  } | null>(null)
  const [loadingMore, setLoadingMore] = useState(false)
  const nodes = more ? [...i.timeline.nodes, ...more.nodes] : i.timeline.nodes
  const hasNext = more ? more.hasNextPage : i.timeline.pageInfo.hasNextPage
  const endCursor = more ? more.endCursor : i.timeline.pageInfo.endCursor
  const v = verify.data?.verifyLedger
  const broken = v?.firstBrokenEntry ?? null

  async function loadMore() {
    setLoadingMore(true)
    const r = await client
      .query(IncidentTimelinePageDocument, { id: i.id, after: endCursor ?? null })
      .toPromise()
    setLoadingMore(false)
    const page = r.data?.incident?.timeline
    if (page)
      setMore({
        nodes: [...(more?.nodes ?? []), ...page.nodes],
        endCursor: page.pageInfo.endCursor ?? null,
        hasNextPage: page.pageInfo.hasNextPage,
      })
  }

  return (
    <SectionCard id='ledger' title='Ledger'>
      <p role='status'>
        {verify.error ? (
          <span className='error-text'>Could not verify the chain: {verify.error.message}</span>
        ) : !v ? (
          <span className='muted'>Verifying the hash chain…</span>
        ) : v.ok ? (
          <span className={`${styles.verify} ${styles.verifyOk}`}>
            <Icon name='ok' size={16} /> Chain intact, {v.entriesChecked} entries
          </span>
        ) : (
          <span className={`${styles.verify} ${styles.verifyBroken}`}>
            <Icon name='breached' size={16} /> Chain broken at entry #{broken?.seq} ({broken?.type},{' '}
            {broken ? utcLabel(Date.parse(broken.at)) : ''}, hash {broken?.hash.slice(0, 12)}…)
            after checking {v.entriesChecked} entries
          </span>
        )}
      </p>
      <ol className={styles.timeline}>
        {nodes.map((e) => {
          const summary = summarizeEntry(e.data)
          return (
            <li
              key={e.id}
              className={`${styles.entry} ${broken?.seq === e.seq ? styles.brokenEntry : ''}`}
            >
              <div className={styles.entryHead}>
                <span className={styles.seq}>#{e.seq}</span>
                <time dateTime={e.at}>{utcLabel(Date.parse(e.at))}</time>
                <span className={styles.type}>{e.type.replace(/_/g, ' ')}</span>
                <span className='muted'>by {e.actor}</span>
                <span className={styles.hash} title={e.hash}>
                  {e.hash.slice(0, 10)}
                </span>
                {broken?.seq === e.seq && (
                  <strong className='error-text'>hash does not verify</strong>
                )}
              </div>
              {summary && (
                <div className='muted'>
                  {splitIncidentKeys(summary).map((p, n) =>
                    'key' in p ? (
                      <Link key={n} href={`/incidents/${encodeURIComponent(p.key)}`}>
                        {p.key}
                      </Link>
                    ) : (
                      p.text
                    )
                  )}
                </div>
              )}
            </li>
          )
        })}
      </ol>
      {hasNext && (
        <p>
          <button
            type='button'
            onClick={() => {
              void loadMore()
            }}
            disabled={loadingMore}
          >
            {loadingMore ? 'Loading…' : 'Show more entries'}
          </button>
        </p>
      )}
    </SectionCard>
  )
}
