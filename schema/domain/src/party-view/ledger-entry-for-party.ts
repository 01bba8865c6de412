/** A ledger entry's type, actor and data: what redaction looks at. */
export type LedgerEntryContent = { type: string; actor: string; data: unknown }
export type RedactedLedgerData = { data: unknown; redacted: boolean }

type Obj = Record<string, unknown>
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v)

/**
 * Which party each escalation of an incident paged, by escalation key, from its
 * `escalation.triggered` entries (a `notification.delivery` entry names only the key).
 */
export function escalationPartiesOf(entries: readonly LedgerEntryContent[]): Map<string, string> {
  const parties = new Map<string, string>()
  for (const e of entries) {
    if (e.type !== 'escalation.triggered' || !isObj(e.data)) continue
    const { key, party } = e.data
    if (typeof key === 'string' && typeof party === 'string') parties.set(key, party)
  }
  return parties
}

/**
 * A ledger entry's data as a vendor may see it: another party's recipients (names and
 * addresses), delivery outcomes (recipients and channels) and refused raw messages are withheld;
 * everything else is shown as recorded. `redacted` says whether anything was withheld (the
 * entry's hash then no longer recomputes from the shown data). The retained party sees all.
 */
export function ledgerDataForParty(
  viewer: string,
  entry: LedgerEntryContent,
  escalationParties: ReadonlyMap<string, string>
): RedactedLedgerData {
  const d = entry.data
  if (!isObj(d)) return { data: d, redacted: false }
  if (
    entry.type === 'escalation.triggered' &&
    d.party !== viewer &&
    Array.isArray(d.recipients) &&
    d.recipients.length > 0
  ) {
    return {
      data: {
        ...d,
        recipients: [],
        ...(Array.isArray(d.to) ? { to: [] } : {}),
        recipientsWithheld: d.recipients.length,
      },
      redacted: true,
    }
  }
  if (
    entry.type === 'notification.delivery' &&
    escalationParties.get(String(d.escalationKey)) !== viewer &&
    Array.isArray(d.outcomes) &&
    d.outcomes.length > 0
  ) {
    return {
      data: {
        ...d,
        outcomes: d.outcomes.map((o) => ({
          state: isObj(o) ? o.state : null,
          attempts: isObj(o) ? o.attempts : null,
          recipient: null,
          channel: null,
        })),
        recipientsWithheld: d.outcomes.length,
      },
      redacted: true,
    }
  }
  if (entry.type === 'vendor_event.refused' && entry.actor !== viewer && 'event' in d) {
    const type = isObj(d.event) ? d.event.type : undefined
    const { event: _event, ...rest } = d
    return { data: { ...rest, event: { type }, eventWithheld: true }, redacted: true }
  }
  return { data: d, redacted: false }
}
