import type { Priority } from '../events/incident-event.ts'
import type { World } from '../world/world.ts'
import { chooseDesk } from '../desks/choose-desk.ts'
import { recipientOf, type Recipient } from '../notifications/recipient.ts'

/**
 * The people a page reaches: contacts of the desk (given, or chosen follow-the-sun at `at`)
 * holding the role, or every contact when no role is named.
 */
export function deskRecipients(
  world: World,
  party: string,
  desk: string | null,
  role: string | null,
  priority?: Priority,
  at?: Date
): Recipient[] {
  const p = world.parties.find((x) => x.slug === party)
  if (!p) return []
  const chosen = desk
    ? p.desks.find((d) => d.slug === desk)
    : priority && at
      ? chooseDesk(world, party, priority, at)?.desk
      : p.desks[0]
  if (!chosen) return []
  return chosen.contacts
    .filter((c) => !role || c.roles.includes(role))
    .map((c) => recipientOf(party, chosen.slug, c))
}
