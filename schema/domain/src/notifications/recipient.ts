import { z } from 'zod'
import type { Contact } from '../world/world.ts'

/** The kinds of channel a contact can be reached on, in the world's ContactChannel. */
export const RecipientChannel = z.enum(['email', 'webhook', 'slack', 'teams'])
export type RecipientChannel = z.infer<typeof RecipientChannel>

/**
 * Whom a page reaches, as the ladder resolved it: carried from the domain's escalation through
 * the workflow's notification request to the notification row, and shown by the API. Delivery
 * finds the contact again by party and slug; nothing parses a recipient back from text.
 */
export const Recipient = z.object({
  /** the contact's party (slug): the ladder's party, or the retained organisation for a retained role */
  party: z.string(),
  /** the desk (slug) the contact was reached on; null when none is known */
  desk: z.string().nullable(),
  /** the contact's slug in the world */
  contact: z.string(),
  /** the contact's display name, any text */
  name: z.string(),
  /** the contact's preferred channel (its first); delivery tries every channel in order */
  channel: RecipientChannel.nullable(),
  /**
   * the contact's e-mail address, if it has one. Webhook, Slack and Teams URLs are secrets and
   * never travel with a recipient (they reach the ledger and the API); delivery looks them up.
   */
  address: z.string().nullable(),
})
export type Recipient = z.infer<typeof Recipient>

/** The recipient of a contact reached on `desk` of `party`. */
export function recipientOf(party: string, desk: string | null, c: Contact): Recipient {
  const email = c.channels.find((ch) => ch.kind === 'email')
  return {
    party,
    desk,
    contact: c.slug,
    name: c.name,
    channel: c.channels[0]?.kind ?? null,
    address: email?.kind === 'email' ? email.address : null,
  }
}

/**
 * A recipient as one line of text: `Name <address>`, the name alone without an e-mail address,
 * `<address>` without a name. The only place this text is made (ledger entries, notification
 * rows, the API's `recipient` strings); it is for people and for compatibility, never parsed back.
 */
export function formatRecipient(r: Pick<Recipient, 'name' | 'address'>): string {
  if (!r.address) return r.name
  return r.name ? `${r.name} <${r.address}>` : `<${r.address}>`
}
