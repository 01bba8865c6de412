import { formatDuration, parseDuration } from '../util/duration.ts'

/** `USD 2,400.00`: the currency code first, as the review packs write it. */
export function formatMoney(amount: number, currency: string | null | undefined): string {
  const n = amount.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })
  return currency ? `${currency} ${n}` : n
}

/** `66.7 %` (one decimal, none when whole); `—` when there is no value. */
export function formatPercent(value: number | null | undefined): string {
  if (value == null || !Number.isFinite(value)) return '—'
  const rounded = Math.round(value * 10) / 10
  return `${Number.isInteger(rounded) ? rounded.toFixed(0) : rounded.toFixed(1)} %`
}

/** An ISO duration from the API (`PT14M30S`) as `14m 30s`; `—` without a sample. */
export function formatIsoDuration(iso: string | null | undefined): string {
  return iso ? formatDuration(parseDuration(iso)) : '—'
}

/** How long ago an instant was, relative to now, e.g. `3h 05m`; `—` when there is none. */
export function formatAge(iso: string | null | undefined, now: number): string {
  return iso ? formatDuration(Math.max(0, now - Date.parse(iso))) : '—'
}
