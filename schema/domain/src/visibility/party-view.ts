import type { World } from '../world/world.ts'

/**
 * What one party may see of the world's contact details: its own contacts in full; every other
 * party's contacts, channels and integration endpoints only as placeholders. Built once per
 * world and party (partyView), applied by the redact* functions in redact-for-party.ts.
 */
export type PartyView = {
  party: string
  /** the party's own recipients exactly as Baton writes them: `Name <address>` and `Name` */
  ownRecipients: ReadonlySet<string>
  /** the party's own channel addresses and URLs and its integration URL and host: shown wherever they appear */
  ownEndpoints: ReadonlySet<string>
  /** other parties' recipient strings, addresses, channel URLs and integration URLs and hosts, with their party */
  foreign: ReadonlyMap<string, string>
  /** other parties' contacts by name, for recipients without an address */
  foreignNames: ReadonlyMap<string, string>
  /** matches any own or foreign value in free text, longest first (null when there is nothing to find) */
  pattern: RegExp | null
}

type Channel = World['parties'][number]['desks'][number]['contacts'][number]['channels'][number]
const channelValue = (ch: Channel) => (ch.kind === 'email' ? ch.address : ch.url)
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

function hostOf(url: string): string | null {
  try {
    return new URL(url).host || null
  } catch {
    return null
  }
}

/** The view of the party `party` (a slug) over `world`. */
export function partyView(world: World, party: string): PartyView {
  const ownRecipients = new Set<string>()
  const ownEndpoints = new Set<string>()
  const foreign = new Map<string, string>()
  const foreignNames = new Map<string, string>()
  for (const p of world.parties) {
    const own = p.slug === party
    for (const c of p.desks.flatMap((d) => d.contacts)) {
      if (own) ownRecipients.add(c.name)
      else foreignNames.set(c.name, p.slug)
      for (const value of c.channels.map(channelValue)) {
        if (own) {
          ownEndpoints.add(value)
          ownRecipients.add(`${c.name} <${value}>`)
        } else {
          foreign.set(value, p.slug)
          foreign.set(`${c.name} <${value}>`, p.slug)
        }
      }
    }
    const outbound = p.integration?.outboundUrl
    if (!outbound) continue
    // A vendor's endpoint host is internal to it, unlike the shared hosts of chat channels.
    const host = hostOf(outbound)
    for (const value of host ? [outbound, host] : [outbound]) {
      if (own) ownEndpoints.add(value)
      else foreign.set(value, p.slug)
    }
  }
  // What the party has itself is no secret to it (an address or host it shares with another party).
  for (const value of ownEndpoints) foreign.delete(value)
  for (const name of ownRecipients) foreignNames.delete(name)
  const values = [...foreign.keys(), ...ownEndpoints].sort((a, b) => b.length - a.length)
  const pattern = values.length ? new RegExp(values.map(escape).join('|'), 'g') : null
  return { party, ownRecipients, ownEndpoints, foreign, foreignNames, pattern }
}
