import { eq } from 'drizzle-orm'
import { z } from 'zod'
import { Contact, formatRecipient, recipientOf, type Recipient } from '@baton/domain'
import { desks, parties, type Database } from '@baton/db'

export type DirectoryEntry = { party: string; desk: string; timeZone: string; contact: Contact }
export type RecipientDirectory = {
  contacts: DirectoryEntry[]
  partyNames: Map<string, string>
  deskZones: Map<string, string>
}
export type ResolvedRecipient = { name: string; timeZone: string; contact: Contact; known: boolean }

/** Every desk contact of the applied world, with its zone (the contact's own, else the desk's). */
export async function loadRecipientDirectory(db: Database): Promise<RecipientDirectory> {
  const [deskRows, partyRows] = await Promise.all([
    db
      .select({
        party: parties.slug,
        desk: desks.slug,
        timeZone: desks.timeZone,
        contacts: desks.contacts,
      })
      .from(desks)
      .innerJoin(parties, eq(parties.id, desks.partyId)),
    db.select({ slug: parties.slug, name: parties.name }).from(parties),
  ])
  const contacts: DirectoryEntry[] = []
  const deskZones = new Map<string, string>()
  for (const d of deskRows) {
    deskZones.set(`${d.party}/${d.desk}`, d.timeZone)
    const parsed = z.array(Contact).safeParse(d.contacts)
    if (parsed.success)
      for (const c of parsed.data)
        contacts.push({
          party: d.party,
          desk: d.desk,
          timeZone: c.timeZone ?? d.timeZone,
          contact: c,
        })
  }
  return { contacts, deskZones, partyNames: new Map(partyRows.map((p) => [p.slug, p.name])) }
}

/** The row a recipient is resolved for: its structured recipient, or only its text on an older row. */
export type RecipientRow = {
  party: string
  desk: string | null
  recipient: string
  to: Recipient | null
}

// What an older row (without `to`) may say of a contact: each text Baton has written for one. Rows
// are matched on these whole texts; nothing is taken apart.
const textsOf = (c: Contact): string[] => [
  formatRecipient(recipientOf('', null, c)),
  c.name,
  `${c.name} <no channel>`,
  ...c.channels.map((ch) => `${c.name} <${ch.kind === 'email' ? ch.address : ch.url}>`),
]

const known = (e: DirectoryEntry): ResolvedRecipient => ({
  name: e.contact.name,
  timeZone: e.timeZone,
  contact: e.contact,
  known: true,
})

/**
 * The contact a queued row names, with all its channels in order of preference: the contact of
 * the row's structured recipient (its party and slug, on its desk first). A contact no longer in
 * the world is reached at the e-mail address the recipient carries, if any. A row written before
 * structured recipients is matched by its whole text against each contact's (the row's desk
 * first, then the whole world: a retained role reached by another party's ladder sits on another
 * party's desk); a text no contact has is not reached.
 */
export function resolveRecipient(dir: RecipientDirectory, row: RecipientRow): ResolvedRecipient {
  const zoneOf = (party: string, desk: string | null) =>
    dir.deskZones.get(`${party}/${desk ?? ''}`) ?? 'UTC'
  const to = row.to
  if (to) {
    const same = dir.contacts.filter((e) => e.party === to.party && e.contact.slug === to.contact)
    const found = same.find((e) => e.desk === to.desk) ?? same[0]
    if (found) return known(found)
    const channels: Contact['channels'] = to.address ? [{ kind: 'email', address: to.address }] : []
    return {
      name: to.name,
      timeZone: zoneOf(to.party, to.desk),
      contact: { slug: to.contact, name: to.name, roles: [], channels },
      known: false,
    }
  }
  const onDesk = (e: DirectoryEntry) =>
    e.party === row.party && (row.desk === null || e.desk === row.desk)
  const named = dir.contacts.filter((e) => textsOf(e.contact).includes(row.recipient))
  const found = named.find(onDesk) ?? named[0]
  if (found) return known(found)
  // Not its text as the name: an older text may carry an incoming-webhook URL, a secret.
  const name = 'unknown recipient'
  return {
    name,
    timeZone: zoneOf(row.party, row.desk),
    contact: { slug: 'unknown', name, roles: [], channels: [] },
    known: false,
  }
}
