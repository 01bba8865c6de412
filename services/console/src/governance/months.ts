// Calendar months in UTC, as the scorecard and the credit statements bucket them (`YYYY-MM`).

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/

/** True for a `YYYY-MM` month label. */
export const isMonth = (s: string | null | undefined): s is string => !!s && MONTH.test(s)

/** The UTC month an instant falls in. */
export function monthOf(ms: number): string {
  return new Date(ms).toISOString().slice(0, 7)
}

/** The month `n` months after (or before, n < 0) a month. */
export function shiftMonth(month: string, n: number): string {
  const m = MONTH.exec(month)
  if (!m) throw new Error(`not a month: ${month}`)
  return monthOf(Date.UTC(Number(m[1]), Number(m[2]) - 1 + n, 1))
}

/** [from, to) of a month in UTC, as ISO instants. */
export function monthRange(month: string): { from: string; to: string } {
  return {
    from: `${month}-01T00:00:00.000Z`,
    to: `${shiftMonth(month, 1)}-01T00:00:00.000Z`,
  }
}

/** The `count` months ending with `month`, oldest first. */
export function monthsEnding(month: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => shiftMonth(month, i - count + 1))
}

/** `Mar 2026` (long) or `Mar` (short), for headings and axis labels. */
export function monthLabel(month: string, style: 'long' | 'short' = 'long'): string {
  const d = new Date(monthRange(month).from)
  return d.toLocaleString('en-GB', {
    month: 'short',
    ...(style === 'long' ? { year: 'numeric' } : {}),
    timeZone: 'UTC',
  })
}
