/**
 * What one attempt on one channel came to. delivered: the channel confirmed receipt (a 2xx from
 * a webhook). sent: handed over without end-to-end confirmation (an SMTP server accepted it).
 * permanent: this channel will not work for this message (try the next); transient: try later.
 */
export type ChannelOutcome =
  | { status: 'delivered'; detail: string }
  | { status: 'sent'; detail: string }
  | { status: 'permanent'; error: string }
  | { status: 'transient'; error: string }

/** What to write back to the row, and what it means for the activity. */
export type RowDecision =
  | { kind: 'done'; state: 'SENT' | 'DELIVERED'; channel: string; error: string | null }
  | { kind: 'failed'; channel: string | null; error: string }
  /** `who`: the contact's name, for the retry's message (never its address: it may be a secret URL) */
  | { kind: 'retry'; channel: string; error: string; who: string }
  | { kind: 'deferred'; until: Date }

const TRANSIENT_HTTP = new Set([408, 425, 429])

/** HTTP status to outcome: 2xx delivered, 408/425/429/5xx transient, anything else permanent. */
export function httpOutcome(status: number, body: string): ChannelOutcome {
  const snippet = body.replace(/\s+/g, ' ').trim().slice(0, 200)
  if (status >= 200 && status < 300) return { status: 'delivered', detail: `HTTP ${status}` }
  const error = `HTTP ${status}${snippet ? ` ${snippet}` : ''}`
  return status >= 500 || TRANSIENT_HTTP.has(status)
    ? { status: 'transient', error }
    : { status: 'permanent', error }
}
