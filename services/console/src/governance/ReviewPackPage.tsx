import { useQuery } from 'urql'
import { Link } from 'wouter'
import { GovernancePartiesDocument, ReviewPackPageDocument } from '../gql/graphql.ts'
import { NotFound } from '../layout/NotFound.tsx'
import { apiErrors } from '../util/api-errors.ts'
import { FormErrors } from '../util/Field.tsx'
import { packBlocks } from './pack-markdown.ts'
import { PackDownloads } from './VendorsPage.tsx'
import styles from './Governance.module.css'

/** A stored review pack as a page: its Markdown drawn (tables, charts as images) and its files. */
export function ReviewPackPage({ vendorSlug, packId }: { vendorSlug: string; packId: string }) {
  const [parties] = useQuery({ query: GovernancePartiesDocument })
  const party = parties.data?.parties.find((p) => p.slug === vendorSlug)
  const [r] = useQuery({
    query: ReviewPackPageDocument,
    variables: { partyId: party?.id ?? null },
    pause: !party,
  })
  const pack = r.data?.reviewPacks.find((p) => p.id === packId)
  const errors = [...apiErrors(parties.error).form, ...apiErrors(r.error).form]
  if (errors.length) return <FormErrors messages={errors} />
  if ((parties.data && !party) || (r.data && !pack)) return <NotFound what='review pack' />
  if (!pack) return <p role='status'>Loading the review pack…</p>
  const blocks = packBlocks(pack.markdown)
  // The pack's own first heading is the page's h1.
  const first = blocks[0]?.kind === 'heading' ? blocks.shift() : null
  return (
    <article className={styles.page}>
      <p className={styles.crumbs}>
        <Link href='/vendors'>Vendors</Link> <span aria-hidden='true'>›</span> {party!.name}{' '}
        <span aria-hidden='true'>›</span> review pack {pack.periodLabel}
      </p>
      <h1>{first?.kind === 'heading' ? first.text : pack.title}</h1>
      <p>
        <PackDownloads pack={pack} party={vendorSlug} />
      </p>
      <div className={styles.pack}>
        {blocks.map((b, i) => {
          switch (b.kind) {
            case 'heading':
              return b.level <= 2 ? <h2 key={i}>{b.text}</h2> : <h3 key={i}>{b.text}</h3>
            case 'paragraph':
              return <p key={i}>{b.text}</p>
            case 'list':
              return (
                <ul key={i}>
                  {b.items.map((t, j) => (
                    <li key={j}>{t}</li>
                  ))}
                </ul>
              )
            case 'table':
              return (
                <div
                  key={i}
                  className={styles.scroll}
                  tabIndex={0}
                  role='region'
                  aria-label={`Table ${b.header.join(', ')}`}
                >
                  <table className={styles.smallTable}>
                    <thead>
                      <tr>
                        {b.header.map((h, j) => (
                          <th key={j} scope='col'>
                            {h}
                          </th>
                        ))}
                      </tr>
                    </thead>
                    <tbody>
                      {b.rows.map((row, j) => (
                        <tr key={j}>
                          {row.map((c, k) => (
                            <td key={k}>{c}</td>
                          ))}
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              )
            case 'chart':
              return <img key={i} src={b.src} alt={b.label} className={styles.packChart} />
          }
        })}
      </div>
    </article>
  )
}
