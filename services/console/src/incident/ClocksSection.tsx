import { formatDuration, parseDuration } from '../util/duration.ts'
import { localDateTimeLabel, utcLabel } from '../util/time-zone.ts'
import type { ClockFigures } from '../util/countdown.ts'
import type { LaneParty } from './swimlane-layout.ts'
import { ClockAgreementCell, ClockStateCell } from './ClockCells.tsx'
import { SectionCard, SectionTable } from './SectionCard.tsx'
import styles from './sections.module.css'

const METRIC: Record<string, string> = {
  RESPONSE: 'Response',
  RESOLUTION: 'Resolution',
  HANDOFF_ACCEPT: 'Hand-off acceptance',
}

/** Each agreement's clocks: state, elapsed and remaining in its own calendar, deadline in UTC and the accountable party's local time, attribution. */
/** One clock as the incident page and the what-if both draw it (Clock of Incident or SimulatedIncident). */
export interface ClockRow extends ClockFigures {
  id: string
  metric: string
  elapsed: string
  breachedAt?: string | null
  cycle: number
  agreement: { name: string; kind: string; version: number }
  party: { id: string; name: string }
  attributedTo?: { id: string; name: string } | null
}

export function ClocksSection({
  clocks,
  lanes,
}: {
  clocks: ReadonlyArray<ClockRow>
  lanes: ReadonlyMap<string, LaneParty>
}) {
  return (
    <SectionCard id='clocks' title='Clocks'>
      {clocks.length === 0 ? (
        <p className='muted'>No clock recorded yet.</p>
      ) : (
        <SectionTable
          label='Clocks table'
          columns={[
            'Agreement',
            'Clock',
            'State',
            'Elapsed',
            'Remaining',
            'Deadline',
            'Breach attributed to',
          ]}
        >
          {clocks.map((c) => {
            const tz = lanes.get(c.party.id)?.timeZone
            const deadline = c.deadline ? Date.parse(c.deadline) : null
            return (
              <tr key={c.id}>
                <ClockAgreementCell agreement={c.agreement} />
                <td data-label='Clock'>
                  {METRIC[c.metric] ?? c.metric} · {c.party.name}
                  {c.cycle > 1 ? <span className={styles.sub}>cycle {c.cycle}</span> : null}
                  <span className={styles.sub}>
                    target {formatDuration(parseDuration(c.target))}
                  </span>
                </td>
                <ClockStateCell clock={c} />
                <td data-label='Elapsed'>{formatDuration(parseDuration(c.elapsed))}</td>
                <td data-label='Remaining'>{formatDuration(parseDuration(c.remaining))}</td>
                <td data-label='Deadline'>
                  {deadline !== null ? (
                    <>
                      <time dateTime={c.deadline!}>{utcLabel(deadline)}</time>
                      {tz && (
                        <span className={styles.sub}>
                          {c.party.name}: {localDateTimeLabel(deadline, tz)}
                        </span>
                      )}
                    </>
                  ) : (
                    <span className='muted'>
                      {c.state === 'PAUSED' ? 'none while paused' : '—'}
                    </span>
                  )}
                </td>
                <td data-label='Breach attributed to'>
                  {c.attributedTo ? (
                    <>
                      <strong>{c.attributedTo.name}</strong>
                      {c.breachedAt && (
                        <span className={styles.sub}>
                          breached {utcLabel(Date.parse(c.breachedAt))}
                        </span>
                      )}
                    </>
                  ) : (
                    <span className='muted'>—</span>
                  )}
                </td>
              </tr>
            )
          })}
        </SectionTable>
      )}
    </SectionCard>
  )
}
