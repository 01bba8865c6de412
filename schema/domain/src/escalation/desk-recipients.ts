import type { Priority } from '../events/incident-event.ts'
import type { World } from '../world/world.ts'
import { chooseDesk } from '../desks/choose-desk.ts'

/**
 * The people a page reaches: contacts of the desk (given, or chosen follow-the-sun at `at`)
 * holding the role, or every contact when no role is named. Returned as "Name <address>".
 */
export function deskRecipients(
  world: World,
  party: string,
  desk: string | null,
  role: string | null,
  priority?: Priority,
  at?: Date
): string[] {
  const p = world.parties.find((x) => x.slug === party)
  if (!p) return []
  const chosen = desk
    ? p.desks.find((d) => d.slug === desk)
    : priority && at
      ? chooseDesk(world, party, priority, at)?.desk
      : p.desks[0]
  if (!chosen) return []
  // E-mail addresses only: incoming-webhook URLs are secrets and never enter the ledger.
  return chosen.contacts
    .filter((c) => !role || c.roles.includes(role))
    .map((c) => {
      const email = c.channels.find((ch) => ch.kind === 'email')
      return email?.kind === 'email' ? `${c.name} <${email.address}>` : c.name
    })
}
