// Pure helpers of the accountability pages: months, money, percentages and clock ids.

/** `YYYY-MM` (UTC) of an instant. */
export function monthOf(ms: number): string {
  return new Date(ms).toISOString().slice(0, 7)
}

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/

/** Whether a string is a `YYYY-MM` month. */
export function isMonth(s: string | null | undefined): s is string {
  return !!s && MONTH.test(s)
}

/** The month's bounds in UTC, [from, to), as ISO instants (what scorecard(from, to) takes). */
export function monthRange(month: string): { from: string; to: string } {
  const m = MONTH.exec(month)
  if (!m) throw new Error(`not a YYYY-MM month: ${month}`)
  const y = Number(m[1])
  const mo = Number(m[2]) - 1
  return {
    from: new Date(Date.UTC(y, mo, 1)).toISOString(),
    to: new Date(Date.UTC(y, mo + 1, 1)).toISOString(),
  }
}

/** The month before or after (`delta` months away). */
export function shiftMonth(month: string, delta: number): string {
  const { from } = monthRange(month)
  const d = new Date(from)
  d.setUTCMonth(d.getUTCMonth() + delta)
  return monthOf(d.getTime())
}

/** `March 2026`. */
export function monthLabel(month: string): string {
  return new Date(monthRange(month).from).toLocaleString('en-GB', {
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  })
}

/** `USD 2,400.00`; a currency-less zero as `0`. */
export function formatMoney(amount: number, currency: string | null | undefined): string {
  const n = amount.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })
  return currency ? `${currency} ${n}` : n
}

/** `97.5 %`, or an em dash without a sample. */
export function formatPercent(p: number | null | undefined): string {
  if (p === null || p === undefined) return '—'
  return `${Math.round(p * 10) / 10} %`
}

const METRIC: Record<string, string> = {
  RESPONSE: 'Response',
  RESOLUTION: 'Resolution',
  HANDOFF_ACCEPT: 'Hand-off acceptance',
}

/** A settled clock's id (`agreement@version/METRIC/party/cycle`) in words. */
export function describeClockId(clockId: string): {
  agreement: string
  metric: string
  party: string
  cycle: number | null
  label: string
} {
  const [agreement = clockId, metric = '', party = '', cycle] = clockId.split('/')
  const c = cycle !== undefined && /^\d+$/.test(cycle) ? Number(cycle) : null
  const m = METRIC[metric] ?? metric
  return {
    agreement,
    metric: m,
    party,
    cycle: c,
    label: [m || clockId, party, agreement !== clockId ? agreement : '', c ? `cycle ${c}` : '']
      .filter(Boolean)
      .join(' · '),
  }
}

/** The sum of the statements' totals (one per agreement with credit terms). */
export function statementsTotal(statements: readonly { total: number }[]): number {
  return Math.round(statements.reduce((s, st) => s + st.total, 0) * 100) / 100
}
