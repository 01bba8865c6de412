import { formatDuration } from './duration.ts'
import { utcLabel } from './time-zone.ts'
import { useInView } from './use-in-view.ts'
import { useTicking } from './use-now.ts'

/** `4m 10s ago`, ticking; the exact UTC instant is in the title and a <time> element. */
export function RelativeTime({ iso }: { iso: string }) {
  const at = Date.parse(iso)
  const [ref, visible] = useInView<HTMLTimeElement>()
  const text = useTicking((now) => {
    const d = now - at
    if (d < 60_000) return d >= 0 ? 'just now' : `in ${formatDuration(-d)}`
    // minute resolution beyond the first hour keeps re-renders rare
    return `${formatDuration(d >= 3_600_000 ? Math.floor(d / 60_000) * 60_000 : d)} ago`
  }, visible)
  return (
    <time ref={ref} dateTime={iso} title={utcLabel(at)}>
      {text}
    </time>
  )
}
