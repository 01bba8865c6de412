import { Link } from 'wouter'
import { PriorityBadge } from '../util/badges.tsx'
import { RelativeTime } from '../util/RelativeTime.tsx'
import { utcLabel } from '../util/time-zone.ts'
import type { PageIncident } from './IncidentPage.tsx'
import { SectionCard, SectionTable } from './SectionCard.tsx'
import styles from './sections.module.css'

/** Linked incidents and the e-bonds: each vendor's reference and the last message each way. */
export function BondsSection({ incident: i }: { incident: PageIncident }) {
  return (
    <div className={styles.grid2}>
      <SectionCard id='bonds' title='Vendor bonds'>
        {i.bonds.length === 0 ? (
          <p className='muted'>No vendor ticket is bonded.</p>
        ) : (
          <SectionTable
            label='Vendor bonds table'
            columns={['Vendor', 'Their reference', 'Last from the vendor', 'Last to the vendor']}
          >
            {i.bonds.map((b) => {
              const m = { inbound: b.lastInbound, outbound: b.lastOutbound }
              return (
                <tr key={b.id}>
                  <td data-label='Vendor'>
                    {b.party.name}
                    <span className={styles.sub}>
                      {b.state} since {utcLabel(Date.parse(b.createdAt))}
                    </span>
                  </td>
                  <td data-label='Their reference' className='mono'>
                    {b.vendorRef ?? 'not known yet'}
                  </td>
                  <td data-label='Last from the vendor'>
                    {m.inbound ? (
                      <>
                        {m.inbound.type.replace(/_/g, ' ')}{' '}
                        <span className={styles.sub}>
                          #{m.inbound.seq} · <RelativeTime iso={m.inbound.at} />
                        </span>
                      </>
                    ) : (
                      <span className='muted'>none</span>
                    )}
                  </td>
                  <td data-label='Last to the vendor'>
                    {m.outbound ? (
                      <>
                        {m.outbound.type}
                        {m.outbound.outcome ? ` (${m.outbound.outcome})` : ''}{' '}
                        <span className={styles.sub}>
                          #{m.outbound.seq} · <RelativeTime iso={m.outbound.at} />
                        </span>
                      </>
                    ) : (
                      <span className='muted'>none</span>
                    )}
                  </td>
                </tr>
              )
            })}
          </SectionTable>
        )}
      </SectionCard>
      <SectionCard id='linked' title='Linked incidents'>
        {i.parent ? (
          <p>
            Declared under{' '}
            <Link href={`/incidents/${encodeURIComponent(i.parent.key)}`}>{i.parent.key}</Link>{' '}
            {i.parent.title} <span className='muted'>({i.parent.status.toLowerCase()})</span>
          </p>
        ) : (
          <p className='muted'>Not linked under another incident.</p>
        )}
        {i.children.length > 0 ? (
          <>
            <h3>Declared under this one ({i.children.length})</h3>
            <ul className={styles.list}>
              {i.children.map((c) => (
                <li key={c.id}>
                  <Link href={`/incidents/${encodeURIComponent(c.key)}`}>{c.key}</Link>{' '}
                  <PriorityBadge priority={c.priority} /> {c.title}{' '}
                  <span className='muted'>
                    · {c.status.toLowerCase()} · held by {c.holder.name}
                  </span>
                </li>
              ))}
            </ul>
          </>
        ) : (
          <p className='muted'>No incident declared under this one.</p>
        )}
      </SectionCard>
    </div>
  )
}
