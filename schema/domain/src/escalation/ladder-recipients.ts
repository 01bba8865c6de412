import { DateTime } from 'luxon'
import type { Priority } from '../events/incident-event.ts'
import type { Contact, LadderConfig, World } from '../world/world.ts'
import { chooseDesk } from '../desks/choose-desk.ts'
import { deskCalendar } from '../agreements/world-lookup.ts'
import { isOpen } from '../calendar/business-time.ts'
import { recipientOf, type Recipient } from '../notifications/recipient.ts'

export type LadderTarget = LadderConfig['steps'][number]['targets'][number]
/** A recipient of a ladder step, with the role that reached it and the zone it lives in. */
export type LadderRecipient = Recipient & { desk: string; role: string | null; timeZone: string }

/** The recipient alone, as it travels to the notification row (without the ladder's role and zone). */
export function plainRecipient(r: LadderRecipient): Recipient {
  const { role: _role, timeZone: _zone, ...recipient } = r
  return recipient
}

/**
 * Who a ladder target reaches at `at`: a desk role of the ladder's party on the desk chosen by
 * follow-the-sun, a role of the retained organisation (an open desk first), or a named contact.
 */
export function resolveTargets(
  world: World,
  party: string,
  priority: Priority,
  targets: readonly LadderTarget[],
  at: Date
): LadderRecipient[] {
  const out: LadderRecipient[] = []
  const push = (p: string, deskSlug: string, zone: string, c: Contact, role: string | null) => {
    if (!out.some((r) => r.party === p && r.contact === c.slug))
      out.push({
        ...recipientOf(p, deskSlug, c),
        desk: deskSlug,
        role,
        timeZone: c.timeZone ?? zone,
      })
  }
  for (const t of targets) {
    if ('role' in t) {
      const choice = chooseDesk(world, party, priority, at)
      if (!choice) continue
      for (const c of choice.desk.contacts)
        if (c.roles.includes(t.role))
          push(party, choice.desk.slug, choice.calendar.timeZone, c, t.role)
    } else if ('retainedRole' in t) {
      const retained = world.parties.filter((p) => p.kind === 'RETAINED')
      const desks = retained
        .flatMap((p) => p.desks.map((d) => ({ p, d, cal: deskCalendar(world, d) })))
        .filter(({ d }) => d.contacts.some((c) => c.roles.includes(t.retainedRole)))
        .sort((a, b) => Number(isOpen(at, b.cal)) - Number(isOpen(at, a.cal)))
      const first = desks[0]
      if (first)
        for (const c of first.d.contacts)
          if (c.roles.includes(t.retainedRole))
            push(first.p.slug, first.d.slug, first.cal.timeZone, c, t.retainedRole)
    } else {
      for (const p of world.parties)
        for (const d of p.desks)
          for (const c of d.contacts)
            if (c.slug === t.contact) push(p.slug, d.slug, deskCalendar(world, d).timeZone, c, null)
    }
  }
  return out
}

/** "Sat 07 Mar 01:45 CET" in the recipient's own zone. */
export const localTimeOf = (at: Date, timeZone: string): string =>
  DateTime.fromJSDate(at, { zone: timeZone }).toFormat('ccc dd LLL HH:mm ZZZZ')
