import { memo } from 'react'
import { isOpenAt, type CalendarShape } from './calendar.ts'
import { Icon } from './icons.tsx'
import { localTimeLabel } from './time-zone.ts'
import { useInView } from './use-in-view.ts'
import { useTicking } from './use-now.ts'
import styles from './DeskClock.module.css'

// Thousands of rows show a handful of desks: cache each desk's label per minute.
const cache = new Map<string, string>()
function deskNow(
  timeZone: string,
  calendar: CalendarShape | null,
  is24x7: boolean,
  now: number
): string {
  const minute = Math.floor(now / 60_000)
  const key = `${timeZone}|${calendar ? calendar.timeZone + calendar.windows.length + calendar.holidays.length : '-'}|${is24x7}|${minute}`
  let v = cache.get(key)
  if (v === undefined) {
    const open = is24x7
      ? 'open'
      : calendar
        ? isOpenAt(calendar, minute * 60_000)
          ? 'open'
          : 'closed'
        : 'unknown'
    v = `${open}|${localTimeLabel(minute * 60_000, timeZone)}`
    if (cache.size > 5000) cache.clear()
    cache.set(key, v)
  }
  return v
}

/** A desk's local time now and whether its business calendar is open, ticking once a minute. */
export const DeskClock = memo(function DeskClock({
  timeZone,
  calendar,
  is24x7 = false,
}: {
  timeZone: string
  calendar: CalendarShape | null
  is24x7?: boolean
}) {
  const [ref, visible] = useInView<HTMLSpanElement>()
  const packed = useTicking((now) => deskNow(timeZone, calendar, is24x7, now), visible)
  const [open, label] = packed.split('|') as [string, string]
  return (
    <span ref={ref} className={styles.clock}>
      <span className={styles.time}>{label}</span>
      {open !== 'unknown' && (
        <span className={`${styles.state} ${open === 'open' ? styles.open : styles.closed}`}>
          <Icon name={open === 'open' ? 'open' : 'closed'} size={10} />
          {open === 'open' ? (is24x7 ? 'Open 24x7' : 'Open') : 'Closed'}
        </span>
      )}
    </span>
  )
})
