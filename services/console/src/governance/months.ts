// Calendar months in UTC, as the scorecard and the credit statements bucket them (`YYYY-MM`).
// The month arithmetic is the accountability pages' (src/accountability/format.ts); the trend
// chart adds a run of months and short labels.
import { monthRange, shiftMonth } from '../accountability/format.ts'

export { isMonth, monthOf, monthRange, shiftMonth } from '../accountability/format.ts'

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
