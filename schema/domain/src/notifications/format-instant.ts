import { DateTime } from 'luxon'

// Intl gives "CET" only in en-GB and "EST" only in en-US; elsewhere it says "GMT+5:30", which
// the explicit offset already says, so the IANA name is shown instead.
const abbreviation = (d: DateTime): string => {
  for (const locale of ['en-US', 'en-GB']) {
    const name = d.setLocale(locale).offsetNameShort
    if (name && /^[A-Z]{2,5}$/.test(name) && (!/^(GMT|UTC)$/.test(name) || d.offset === 0))
      return name
  }
  return d.zoneName ?? 'UTC'
}

const toDateTime = (at: Date | string, timeZone: string): DateTime => {
  const d = DateTime.fromJSDate(typeof at === 'string' ? new Date(at) : at, { zone: timeZone })
  if (!d.isValid)
    throw new RangeError(`timeZone: invalid zone or instant (${timeZone}, ${String(at)})`)
  return d
}

/** "Sat 07 Mar 2026 01:45 CET (UTC+1)" in `timeZone`; "Sat 07 Mar 2026 00:45 UTC" for UTC. */
export function formatLocalInstant(at: Date | string, timeZone: string): string {
  const d = toDateTime(at, timeZone)
  const local = d.toFormat('ccc dd LLL yyyy HH:mm')
  if (d.zoneName === 'UTC') return `${local} UTC`
  return `${local} ${abbreviation(d)} (UTC${d.toFormat('Z')})`
}

/** "2026-03-07 00:45 UTC". */
export const formatUtcInstant = (at: Date | string): string =>
  `${toDateTime(at, 'UTC').toFormat('yyyy-LL-dd HH:mm')} UTC`

/** Both readings of one instant: "Sat 07 Mar 2026 01:45 CET (UTC+1) · 2026-03-07 00:45 UTC". */
export const formatInstantForRecipient = (at: Date | string, timeZone: string): string =>
  `${formatLocalInstant(at, timeZone)} · ${formatUtcInstant(at)}`
