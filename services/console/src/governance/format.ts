import { formatDuration, parseDuration } from '../util/duration.ts'

// Money and percentages are written as on the accountability pages.
export { formatMoney, formatPercent } from '../accountability/format.ts'

/** An ISO duration from the API (`PT14M30S`) as `14m 30s`; `—` without a sample. */
export function formatIsoDuration(iso: string | null | undefined): string {
  return iso ? formatDuration(parseDuration(iso)) : '—'
}

/** How long ago an instant was, relative to now, e.g. `3h 05m`; `—` when there is none. */
export function formatAge(iso: string | null | undefined, now: number): string {
  return iso ? formatDuration(Math.max(0, now - Date.parse(iso))) : '—'
}
