// Agreement targets are ISO-8601 durations. Days are 24 h of whatever the target is measured
// on (a "business day" is written in hours, e.g. PT8H), months and years are not allowed.
const PATTERN =
  /^P(?!$)(?:(\d+(?:\.\d+)?)W)?(?:(\d+(?:\.\d+)?)D)?(?:T(?=\d)(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/
const UNITS = [7 * 86_400_000, 86_400_000, 3_600_000, 60_000, 1_000] as const

/** Milliseconds of an ISO-8601 duration such as 'PT15M' or 'P3D'; RangeError when malformed. */
export function parseIsoDuration(value: string, field = 'duration'): number {
  const known = parsed.get(value)
  if (known !== undefined) return known
  const ms = parseUncached(value, field)
  if (parsed.size >= PARSED_LIMIT) parsed.clear()
  parsed.set(value, ms)
  return ms
}

// Agreements name a handful of durations, parsed for every clock of every incident: keep them.
const parsed = new Map<string, number>()
const PARSED_LIMIT = 1_000

function parseUncached(value: string, field: string): number {
  const m = PATTERN.exec(value)
  if (!m)
    throw new RangeError(
      `${field}: malformed ISO-8601 duration '${value}' (use e.g. 'PT15M', 'PT4H', 'P1D')`
    )
  let ms = 0
  UNITS.forEach((unit, i) => {
    const part = m[i + 1]
    if (part !== undefined) ms += Number(part) * unit
  })
  return Math.round(ms)
}

/** The shortest ISO-8601 form of a non-negative number of ms, e.g. 'PT1H30M', 'PT0S'. */
export function formatIsoDuration(ms: number): string {
  const total = Math.max(0, Math.round(ms))
  const h = Math.floor(total / 3_600_000)
  const m = Math.floor((total % 3_600_000) / 60_000)
  const s = (total % 60_000) / 1000
  const out = `${h ? `${h}H` : ''}${m ? `${m}M` : ''}${s ? `${s}S` : ''}`
  return `PT${out || '0S'}`
}
