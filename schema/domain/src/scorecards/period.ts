// Reporting periods in UTC: credits are bucketed by the calendar month (UTC) of the breach,
// so one breach belongs to exactly one month whatever the reader's zone.

/** 'YYYY-MM' of an ISO instant, in UTC. */
export const monthOf = (iso: string): string => new Date(iso).toISOString().slice(0, 7)

/** [from, to) of a 'YYYY-MM' month as ISO instants. */
export function monthRange(month: string): { from: string; to: string } {
  const m = /^(\d{4})-(\d{2})$/.exec(month)
  if (!m) throw new RangeError(`month: expected 'YYYY-MM', got '${month}'`)
  const y = Number(m[1])
  const mo = Number(m[2]) - 1
  return {
    from: new Date(Date.UTC(y, mo, 1)).toISOString(),
    to: new Date(Date.UTC(y, mo + 1, 1)).toISOString(),
  }
}

/** Every month that overlaps [from, to), in order. */
export function monthsBetween(from: string, to: string): string[] {
  const out: string[] = []
  const end = Date.parse(to)
  let cursor = monthOf(from)
  while (Date.parse(monthRange(cursor).from) < end) {
    out.push(cursor)
    cursor = monthOf(monthRange(cursor).to)
  }
  return out
}

/** The month after `month`. */
export const nextMonth = (month: string): string => monthOf(monthRange(month).to)

/** [from, to) of the calendar quarter holding `iso` (UTC), and its label, e.g. '2026-Q1'. */
export function quarterOf(iso: string): { label: string; from: string; to: string } {
  const d = new Date(iso)
  const q = Math.floor(d.getUTCMonth() / 3)
  const y = d.getUTCFullYear()
  return {
    label: `${y}-Q${q + 1}`,
    from: new Date(Date.UTC(y, q * 3, 1)).toISOString(),
    to: new Date(Date.UTC(y, q * 3 + 3, 1)).toISOString(),
  }
}

/** [from, to) of the ISO week (Monday 00:00 UTC) holding `iso`. */
export function weekOf(iso: string): { from: string; to: string } {
  const d = new Date(iso)
  const dayMs = 86_400_000
  const midnight = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate())
  const from = midnight - ((d.getUTCDay() + 6) % 7) * dayMs
  return { from: new Date(from).toISOString(), to: new Date(from + 7 * dayMs).toISOString() }
}

/** The complete period before the one holding `iso`: what a schedule firing at `iso` reports on. */
export function previousPeriod(
  kind: 'weekly' | 'monthly' | 'quarterly',
  iso: string
): { label: string; from: string; to: string } {
  if (kind === 'weekly') {
    const cur = weekOf(iso)
    const from = new Date(Date.parse(cur.from) - 7 * 86_400_000).toISOString()
    return { label: `week of ${from.slice(0, 10)}`, from, to: cur.from }
  }
  if (kind === 'monthly') {
    const prev = monthOf(new Date(Date.parse(monthRange(monthOf(iso)).from) - 1).toISOString())
    return { label: prev, ...monthRange(prev) }
  }
  const cur = quarterOf(iso)
  return quarterOf(new Date(Date.parse(cur.from) - 1).toISOString())
}
