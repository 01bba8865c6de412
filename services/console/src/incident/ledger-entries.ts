const SUMMARY_KEYS = [
  'title',
  'reason',
  'reasonCode',
  'body',
  'resolution',
  'priority',
  'from',
  'to',
  'on',
  'party',
  'desk',
  'context',
  'clockId',
  'evidence',
]

/** A one-line summary of an entry's data for the timeline (`reason: …; to: vistula`). */
export function summarizeEntry(data: string): string {
  let parsed: unknown
  try {
    parsed = JSON.parse(data)
  } catch {
    return ''
  }
  if (!parsed || typeof parsed !== 'object') return ''
  const d = parsed as Record<string, unknown>
  return SUMMARY_KEYS.filter((k) => d[k] !== undefined && d[k] !== null && d[k] !== '')
    .map((k) => `${k}: ${typeof d[k] === 'object' ? JSON.stringify(d[k]) : String(d[k])}`)
    .join('; ')
}
