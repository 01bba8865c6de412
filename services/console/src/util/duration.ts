// ISO-8601 durations as the API sends them (`PT4H`, `P1DT2H30M`, `PT0S`) and short human labels.

const ISO =
  /^(-)?P(?:(\d+(?:\.\d+)?)W)?(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/

const MINUTE = 60_000
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR

/** Milliseconds of an ISO-8601 duration (days are 24 h; no months or years: the API never sends them). */
export function parseDuration(iso: string): number {
  const m = ISO.exec(iso)
  if (!m) throw new Error(`not an ISO-8601 duration: ${iso}`)
  const n = (i: number) => Number(m[i] ?? 0)
  const ms = n(2) * 7 * DAY + n(3) * DAY + n(4) * HOUR + n(5) * MINUTE + n(6) * 1000
  return m[1] ? -ms : ms
}

/** `2d 03h`, `1h 05m`, `12m 30s`, `45s`: the two largest units, for countdowns and elapsed times. */
export function formatDuration(ms: number): string {
  const sign = ms < 0 ? '-' : ''
  let s = Math.floor(Math.abs(ms) / 1000)
  const d = Math.floor(s / 86_400)
  s -= d * 86_400
  const h = Math.floor(s / 3600)
  s -= h * 3600
  const m = Math.floor(s / 60)
  s -= m * 60
  const pad = (v: number) => String(v).padStart(2, '0')
  if (d > 0) return `${sign}${d}d ${pad(h)}h`
  if (h > 0) return `${sign}${h}h ${pad(m)}m`
  if (m > 0) return `${sign}${m}m ${pad(s)}s`
  return `${sign}${s}s`
}
