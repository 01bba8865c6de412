import { memo } from 'react'
import { BAND_LABEL, countdown, type ClockFigures, type DeadlineBand } from './countdown.ts'
import { Icon } from './icons.tsx'
import { useInView } from './use-in-view.ts'
import { useTicking } from './use-now.ts'
import styles from './CountdownBadge.module.css'

/**
 * A clock's countdown, ticking in the browser: colour by the share of its target left, with the
 * band in words and an icon beside it (colour is never the only signal).
 */
export const CountdownBadge = memo(function CountdownBadge({
  clock,
  label,
}: {
  clock: ClockFigures
  label?: string
}) {
  const [ref, visible] = useInView<HTMLSpanElement>()
  const packed = useTicking((now) => {
    const v = countdown(clock, now)
    return `${v.band}|${v.text}`
  }, visible)
  const sep = packed.indexOf('|')
  const band = packed.slice(0, sep) as DeadlineBand
  const text = packed.slice(sep + 1)
  return (
    <span ref={ref} className={`${styles.badge} ${styles[band]}`} data-band={band}>
      <Icon name={band} size={14} />
      <span className={styles.band}>{BAND_LABEL[band]}</span>
      {band !== 'breached' && band !== 'met' && (
        <span className={styles.text}>
          {label ? `${label} ` : ''}
          {text}
        </span>
      )}
      {band === 'breached' && text !== 'Breached' && (
        <span className={styles.text}>{text.replace(/^Breached /, '')}</span>
      )}
    </span>
  )
})
