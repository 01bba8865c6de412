import type { PartyView } from './party-view.ts'
import type { Recipient } from '../notifications/recipient.ts'

/** What stands in for another party's endpoint (address, URL, host) in free text. */
export const REDACTED = '[redacted]'
/** What stands in for another party's contact, e.g. `[redacted: northwind contact]`. */
export const redactedContact = (party: string | undefined) =>
  party ? `[redacted: ${party} contact]` : '[redacted contact]'

const RECIPIENT = /^(.*?)\s*<([^>]*)>\s*$/

/**
 * One recipient as Baton writes it (`Name <address>` or `Name`): shown when it is one of the
 * party's own contacts, otherwise a placeholder naming the contact's party when the world knows it.
 */
export function redactRecipient(view: PartyView, recipient: string): string {
  if (view.ownRecipients.has(recipient)) return recipient
  const m = RECIPIENT.exec(recipient)
  const name = (m ? m[1]! : recipient).trim()
  const address = m?.[2]?.trim()
  return redactedContact(
    (address ? view.foreign.get(address) : undefined) ??
      view.foreign.get(recipient) ??
      view.foreignNames.get(name)
  )
}

/**
 * Recipients' texts beside the structured recipients they were made from (same order): the
 * party's own as written, another party's as the placeholder naming it. Nothing is parsed.
 */
export function redactRecipientTexts(
  view: PartyView,
  texts: readonly string[],
  to: readonly Pick<Recipient, 'party'>[]
): string[] {
  return texts.map((t, i) => (to[i]?.party === view.party ? t : redactedContact(to[i]?.party)))
}

/** A ledger entry's `to` when it is structured recipients matching its texts one for one. */
function structuredRecipients(to: unknown, count: number): Recipient[] | null {
  if (!Array.isArray(to) || to.length !== count) return null
  const ok = to.every(
    (r) => r !== null && typeof r === 'object' && typeof (r as Recipient).party === 'string'
  )
  return ok ? (to as Recipient[]) : null
}

/** Free text with every other party's known address, contact, URL or host replaced; the party's own are kept. */
export function redactText(view: PartyView, text: string): string {
  if (!view.pattern) return text
  return text.replace(view.pattern, (found) => {
    if (view.ownEndpoints.has(found)) return found
    return RECIPIENT.test(found) ? redactedContact(view.foreign.get(found)) : REDACTED
  })
}

function setOwn(target: Record<string, unknown> | unknown[], key: string | number, value: unknown) {
  // A JSON key such as `__proto__` stays a plain property.
  Object.defineProperty(target, key, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  })
}

/**
 * A copy of JSON-like data with redactText applied to every string and key. Iterative, so data a
 * vendor nested deeply cannot overflow the stack.
 */
export function redactJson(view: PartyView, value: unknown): unknown {
  if (!view.pattern) return value
  const root: unknown[] = [value]
  const stack: [Record<string, unknown> | unknown[], string | number, unknown][] = [
    [root, 0, value],
  ]
  while (stack.length) {
    const [target, key, v] = stack.pop()!
    if (typeof v === 'string') setOwn(target, key, redactText(view, v))
    else if (Array.isArray(v)) {
      const copy: unknown[] = v.slice()
      setOwn(target, key, copy)
      v.forEach((item, i) => stack.push([copy, i, item]))
    } else if (v !== null && typeof v === 'object') {
      // Keys in their order first (values as they are), then each value is redacted in place.
      const copy: Record<string, unknown> = {}
      const entries = Object.entries(v).map(([k, item]) => [redactText(view, k), item] as const)
      for (const [k, item] of entries) setOwn(copy, k, item)
      setOwn(target, key, copy)
      for (const [k, item] of entries) stack.push([copy, k, item])
    }
  }
  return root[0]
}

/** The channel a notification went through, as another party sees it: its kind only (`email`, `webhook`...). */
const channelKind = (channel: string | null) => (channel === null ? null : channel.split(':')[0]!)

export type RedactableNotification = {
  recipient: string
  /** the structured recipient; absent or null on rows written before it */
  to?: Recipient | null
  channel: string | null
  error: string | null
}

/**
 * Another party's recipient as a party sees it: whose contact it is, on which desk and by which
 * kind of channel, not who nor where (the same placeholder as the recipient's text).
 */
export const redactForeignRecipient = (r: Recipient): Recipient => ({
  ...r,
  contact: redactedContact(r.party),
  name: redactedContact(r.party),
  address: null,
})

/**
 * A notification as the party sees it: its own recipient's in full (other parties' endpoints
 * scrubbed from the error), another party's as a placeholder, the channel's kind, and that an error
 * occurred. State, attempts and times are not secret and are left to the caller. A structured
 * recipient says whose it is (its party); an older row's text is judged by the world's contacts.
 */
export function redactNotification<T extends RedactableNotification>(view: PartyView, n: T): T {
  const own = n.to ? n.to.party === view.party : view.ownRecipients.has(n.recipient)
  if (own) return { ...n, error: n.error === null ? null : redactText(view, n.error) }
  return {
    ...n,
    recipient: n.to ? redactedContact(n.to.party) : redactRecipient(view, n.recipient),
    ...(n.to ? { to: redactForeignRecipient(n.to) } : {}),
    channel: channelKind(n.channel),
    error: n.error === null ? null : REDACTED,
  }
}

type Json = Record<string, unknown>
const isObject = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v)
const pick = (o: Json, keys: readonly string[]) =>
  Object.fromEntries(keys.filter((k) => k in o).map((k) => [k, o[k]]))

// Another party's delivery attempt: that it happened and how it ended, not its endpoint's answers.
const FOREIGN_ATTEMPT_KEYS = ['party', 'type', 'format', 'messageId', 'attempt', 'outcome'] as const
const OUTCOME_KEYS = ['recipient', 'state', 'channel', 'attempts'] as const

/**
 * A ledger entry's data as the party sees it. Escalations keep when, step, party, desk and how
 * many recipients (others' as placeholders); delivery outcomes likewise; another party's outbound
 * attempts keep their outcome only; another sender's refused message keeps its type, sender, time
 * and why; every other string has other parties' endpoints scrubbed.
 */
export function redactLedgerData(view: PartyView, type: string, data: unknown): unknown {
  if (!isObject(data)) return redactJson(view, data)
  if (type === 'escalation.triggered' && Array.isArray(data.recipients)) {
    const to = structuredRecipients(data.to, data.recipients.length)
    return {
      ...(redactJson(view, { ...data, recipients: [], ...(to ? { to: [] } : {}) }) as Json),
      recipients: to
        ? redactRecipientTexts(view, data.recipients as string[], to)
        : data.recipients.map((r) => (typeof r === 'string' ? redactRecipient(view, r) : REDACTED)),
      ...(to
        ? { to: to.map((r) => (r.party === view.party ? r : redactForeignRecipient(r))) }
        : {}),
    }
  }
  if (type === 'notification.delivery' && Array.isArray(data.outcomes)) {
    const outcomes = data.outcomes.map((o) => {
      if (!isObject(o) || typeof o.recipient !== 'string') return REDACTED
      if (view.ownRecipients.has(o.recipient)) return redactJson(view, o)
      const channel = typeof o.channel === 'string' ? channelKind(o.channel) : null
      return { ...pick(o, OUTCOME_KEYS), recipient: redactRecipient(view, o.recipient), channel }
    })
    return { ...(redactJson(view, { ...data, outcomes: [] }) as Json), outcomes }
  }
  if (type === 'outbound.attempt' && data.party !== view.party)
    return redactJson(view, pick(data, FOREIGN_ATTEMPT_KEYS))
  if (type === 'vendor_event.refused') {
    // Another sender's refused message never entered the record: that it came and why it was refused, not what it said.
    const event = isObject(data.event) ? data.event : {}
    if (event.party !== view.party)
      return redactJson(view, {
        ...pick(data, ['code', 'message']),
        event: pick(event, ['type', 'party', 'at']),
      })
  }
  return redactJson(view, data)
}
