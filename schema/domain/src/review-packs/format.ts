// Plain-text formatting shared by the packs: deterministic (no locale), so a pack renders the same everywhere.

export function formatMoney(amount: number, currency: string | null): string {
  const [whole = '0', cents = '00'] = Math.abs(amount).toFixed(2).split('.')
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',')
  return `${amount < 0 ? '-' : ''}${currency ?? ''}${currency ? ' ' : ''}${grouped}.${cents}`
}

/** '2 h 05 min', '14 min 30 s', '—' for null. */
export function formatDuration(ms: number | null): string {
  if (ms === null) return '—'
  const totalS = Math.round(ms / 1000)
  const h = Math.floor(totalS / 3600)
  const m = Math.floor((totalS % 3600) / 60)
  const s = totalS % 60
  if (h > 0) return `${h} h ${String(m).padStart(2, '0')} min`
  return s > 0 ? `${m} min ${s} s` : `${m} min`
}

export const formatPercent = (p: number | null): string =>
  p === null ? '—' : `${p.toFixed(p % 1 === 0 ? 0 : 2)} %`

const escapeCell = (v: string) => v.replace(/\|/g, '\\|').replace(/\n/g, ' ')

export function markdownTable(
  headers: readonly string[],
  rows: ReadonlyArray<ReadonlyArray<string | number>>
): string {
  if (rows.length === 0) return '_none_'
  const line = (cells: ReadonlyArray<string | number>) =>
    `| ${cells.map((c) => escapeCell(String(c))).join(' | ')} |`
  return [line(headers), `| ${headers.map(() => '---').join(' | ')} |`, ...rows.map(line)].join(
    '\n'
  )
}

const csvCell = (v: string | number | null) => {
  const s = v === null ? '' : String(v)
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s
}

/** RFC 4180 CSV with a header row, CRLF line ends. */
export function toCsv(
  headers: readonly string[],
  rows: ReadonlyArray<ReadonlyArray<string | number | null>>
): string {
  return [headers, ...rows].map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n'
}
