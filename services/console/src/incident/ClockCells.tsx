import { CountdownBadge } from '../util/CountdownBadge.tsx'
import type { ClockFigures } from '../util/countdown.ts'
import styles from './sections.module.css'

/** A clock's Agreement cell: the agreement's name, its kind and version under it. */
export function ClockAgreementCell({
  agreement,
}: {
  agreement: { name: string; kind: string; version: number }
}) {
  return (
    <td data-label='Agreement'>
      {agreement.name}
      <span className={styles.sub}>
        {agreement.kind} v{agreement.version}
      </span>
    </td>
  )
}

/** A clock's State cell: its countdown badge, or "Cancelled" in words (a cancelled clock is not paused). */
export function ClockStateCell({ clock }: { clock: ClockFigures }) {
  return (
    <td data-label='State' data-state={clock.state}>
      {clock.state === 'CANCELLED' ? (
        <span className='muted'>Cancelled</span>
      ) : (
        <CountdownBadge clock={clock} />
      )}
    </td>
  )
}
