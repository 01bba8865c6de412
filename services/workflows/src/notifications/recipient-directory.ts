import { eq } from 'drizzle-orm'
import { z } from 'zod'
import { Contact } from '@baton/domain'
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

const addressesOf = (c: Contact): string[] =>
  c.channels.map((ch) => (ch.kind === 'email' ? ch.address : ch.url))

/** "Name <address>" as the workflow writes it. */
export function parseRecipient(recipient: string): { name: string; address: string | null } {
  const m = /^(.*?)\s*<([^>]*)>\s*$/.exec(recipient)
  if (!m) return { name: recipient.trim(), address: null }
  const address = m[2]!.trim()
  return { name: m[1]!.trim(), address: address && address !== 'no channel' ? address : null }
}

/**
 * The contact a queued row names, with all its channels in order of preference. A retained role
 * reached by another party's ladder sits on another party's desk, so the search widens from the
 * row's desk to the whole world; an unknown recipient is reached at the address it carries.
 */
export function resolveRecipient(
  dir: RecipientDirectory,
  row: { party: string; desk: string | null; recipient: string }
): ResolvedRecipient {
  const { name, address } = parseRecipient(row.recipient)
  const onDesk = (e: DirectoryEntry) =>
    e.party === row.party && (row.desk === null || e.desk === row.desk)
  const named = dir.contacts.filter((e) => e.contact.name === name)
  const hasAddress = (e: DirectoryEntry) =>
    address !== null && addressesOf(e.contact).includes(address)
  const found =
    named.find((e) => onDesk(e) && hasAddress(e)) ??
    named.find(hasAddress) ??
    named.find(onDesk) ??
    (address === null ? named[0] : undefined)
  if (found)
    return {
      name: found.contact.name,
      timeZone: found.timeZone,
      contact: found.contact,
      known: true,
    }
  const timeZone = dir.deskZones.get(`${row.party}/${row.desk ?? ''}`) ?? 'UTC'
  const channels: Contact['channels'] = !address
    ? []
    : address.includes('@') && !/^https?:/.test(address)
      ? [{ kind: 'email', address }]
      : /^https?:/.test(address)
        ? [{ kind: 'webhook', url: address }]
        : []
  return { name, timeZone, contact: { slug: 'unknown', name, roles: [], channels }, known: false }
}
