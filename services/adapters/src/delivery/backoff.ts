/** Exponential backoff with jitter: 1 s, 2 s, 4 s ... capped at 1 h, each drawn in [50 %, 100 %]. */
export function backoffMs(
  attempt: number,
  random: () => number = Math.random,
  baseMs = 1000,
  capMs = 3_600_000
): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** Math.max(0, attempt - 1))
  return Math.round(ceiling / 2 + random() * (ceiling / 2))
}

export const GIVE_UP_AFTER_MS = 24 * 3_600_000

/** Retry-After in seconds or an HTTP date, as milliseconds (null when absent or unreadable). */
export function retryAfterMs(header: string | null, now: number): number | null {
  if (!header) return null
  if (/^\d+$/.test(header.trim())) return Number(header.trim()) * 1000
  const at = Date.parse(header)
  return Number.isNaN(at) ? null : Math.max(0, at - now)
}
