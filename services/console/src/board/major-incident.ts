import type { RecipientTo } from '../util/NotificationRecipient.tsx'
import type { BoardRow } from './board-filters.ts'

/**
 * The major incident in progress: the open P1 (not itself linked under another) that involves the
 * most parties and has the most linked incidents; the oldest wins a tie. Null when no P1 is open.
 */
export function pickMajorIncident(rows: Iterable<BoardRow>): BoardRow | null {
  const all = [...rows]
  const children = new Map<string, number>()
  for (const r of all)
    if (r.incident.parent)
      children.set(r.incident.parent.id, (children.get(r.incident.parent.id) ?? 0) + 1)
  let best: BoardRow | null = null
  let bestScore = -1
  for (const r of all) {
    if (r.incident.priority !== 'P1' || r.incident.parent) continue
    const score = r.view.parties.size + (children.get(r.incident.id) ?? 0)
    if (
      score > bestScore ||
      (score === bestScore && best && r.incident.openedAt < best.incident.openedAt)
    ) {
      best = r
      bestScore = score
    }
  }
  return best
}

export interface RecipientReach {
  recipient: string
  /** the matched notification's structured recipient (null: none matched, or queued before `to`) */
  to: RecipientTo | null
  state: string | null
  channel: string | null
}

/**
 * Whom one escalation reached: each recipient with the delivery state of its notification
 * (the notification queued for that recipient at or after the escalation fired, nearest first).
 */
export function reachOf(
  escalation: { at: string; recipients: ReadonlyArray<string> },
  notifications: ReadonlyArray<{
    recipient: string
    to?: RecipientTo | null
    state: string
    channel?: string | null
    createdAt: string
  }>
): RecipientReach[] {
  const at = Date.parse(escalation.at)
  return escalation.recipients.map((recipient) => {
    let match: (typeof notifications)[number] | null = null
    for (const n of notifications) {
      if (!(
        n.recipient === recipient ||
        n.recipient.includes(recipient) ||
        recipient.includes(n.recipient)
      ))
        continue
      const t = Date.parse(n.createdAt)
      if (t < at - 60_000) continue
      if (!match || t < Date.parse(match.createdAt)) match = n
    }
    return {
      recipient,
      to: match?.to ?? null,
      state: match?.state ?? null,
      channel: match?.channel ?? null,
    }
  })
}
