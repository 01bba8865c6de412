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
    .map((k) => `${k}: ${valueText(d[k])}`)
    .join('; ')
}

/** A recipient as the ledger keeps it structured (an escalation's `to`). */
interface LedgerRecipient {
  name: string
  address?: string | null
}
const isRecipient = (v: unknown): v is LedgerRecipient =>
  !!v && typeof v === 'object' && typeof (v as { name?: unknown }).name === 'string'

/**
 * One value as people read it: a list of recipients (an escalation's structured `to`) as
 * `Name <address>, …`, the way the escalations table words them; other objects as JSON.
 */
function valueText(v: unknown): string {
  if (Array.isArray(v) && v.length > 0 && v.every(isRecipient))
    return v.map((r) => (r.address ? `${r.name} <${r.address}>`.trim() : r.name)).join(', ')
  return typeof v === 'object' ? JSON.stringify(v) : String(v)
}
