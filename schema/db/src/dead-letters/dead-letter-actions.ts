import { and, eq, inArray, isNotNull, sql } from 'drizzle-orm'
import type { IncidentEvent } from '@baton/domain'
import { ServiceError } from '@baton/domain'
import type { Database } from '../create-db.ts'
import { inboundReplays } from '../tables/adapters.ts'
import { parties } from '../tables/config.ts'
import { inboundReceipts, incidents } from '../tables/incidents.ts'
import {
  findDeadLetter,
  OPEN_DEAD_LETTER_STATUSES,
  type DeadLetterRow,
} from './dead-letter-reads.ts'
import { signalMessageId } from './signal-message-id.ts'

/** The vendor-event signal a replay sends to the incident workflow. */
export type ReplaySignal = {
  receipt: string
  incidentKey: string
  messageId: string
  event: IncidentEvent
}
/** What became of the signal: sent; the workflow no longer runs; or left to the receipt sweeper (Temporal away). */
export type ReplayOutcome = 'signalled' | 'dead-letter' | 'deferred'
/** Sends the signal; the service at the edge owns the Temporal client (the adapters' intake path, or the gateway's). */
export type SendReplaySignal = (signal: ReplaySignal) => Promise<ReplayOutcome>
/** `replayed` is false when the letter had already been replayed (a repeat has no second effect). */
export type DeadLetterReplay = {
  deadLetter: DeadLetterRow
  replayed: boolean
  replays: number
  outcome: ReplayOutcome | null
}

const isOpen = (status: string) => (OPEN_DEAD_LETTER_STATUSES as readonly string[]).includes(status)

async function requireDeadLetter(db: Database, receipt: string): Promise<DeadLetterRow> {
  const letter = await findDeadLetter(db, receipt)
  if (!letter) throw new ServiceError('NOT_FOUND', `no dead letter ${receipt}`)
  return letter
}

/**
 * Re-applies a dead letter through the intake's path: the receipt goes back to RECORDED and the
 * workflow gets the event under the next replay's message id. Claiming the replay is one
 * conditional update, so of two concurrent replays one signals and the other changes nothing;
 * if the signal is lost, the sweeper re-sends the same message id and the workflow dedups it.
 */
export async function replayDeadLetter(
  db: Database,
  receipt: string,
  o: { actor: string; signal: SendReplaySignal }
): Promise<DeadLetterReplay> {
  const claim = await claimReplay(db, receipt, o.actor)
  if (!claim) {
    const letter = await requireDeadLetter(db, receipt)
    if (letter.status === 'DISCARDED')
      throw new ServiceError(
        'CONFLICT',
        `dead letter ${receipt} was discarded by ${letter.discardedBy ?? 'an operator'}`
      )
    if (isOpen(letter.status))
      throw new ServiceError('CONFLICT', `dead letter ${receipt} names no incident to replay it to`)
    return { deadLetter: letter, replayed: false, replays: letter.replays, outcome: null }
  }
  const { replays, ...signal } = claim
  const outcome = await o.signal(signal)
  if (outcome === 'dead-letter') {
    await db
      .update(inboundReceipts)
      .set({
        status: 'DEAD_LETTER',
        error: `incident ${claim.incidentKey}'s workflow is not running`,
      })
      .where(and(eq(inboundReceipts.receipt, receipt), eq(inboundReceipts.status, 'RECORDED')))
  }
  return { deadLetter: await requireDeadLetter(db, receipt), replayed: true, replays, outcome }
}

async function claimReplay(
  db: Database,
  receipt: string,
  actor: string
): Promise<(ReplaySignal & { replays: number }) | null> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(inboundReceipts)
      .set({ status: 'RECORDED', error: null, signalledAt: sql`now()` })
      .where(
        and(
          eq(inboundReceipts.receipt, receipt),
          inArray(inboundReceipts.status, [...OPEN_DEAD_LETTER_STATUSES]),
          isNotNull(inboundReceipts.incidentId)
        )
      )
      .returning({
        messageId: inboundReceipts.messageId,
        event: inboundReceipts.event,
        incidentId: inboundReceipts.incidentId,
        partyId: inboundReceipts.partyId,
      })
    if (!row?.incidentId) return null
    const [bumped] = await tx
      .insert(inboundReplays)
      .values({ receipt, replays: 1, replayedBy: actor })
      .onConflictDoUpdate({
        target: inboundReplays.receipt,
        set: {
          replays: sql`${inboundReplays.replays} + 1`,
          replayedBy: actor,
          updatedAt: sql`now()`,
        },
      })
      .returning({ replays: inboundReplays.replays })
    const [names] = await tx
      .select({ key: incidents.key, slug: parties.slug })
      .from(incidents)
      .innerJoin(parties, eq(parties.id, row.partyId))
      .where(eq(incidents.id, row.incidentId))
    const replays = bumped!.replays
    return {
      receipt,
      incidentKey: names!.key,
      messageId: signalMessageId(names!.slug, row.messageId, replays),
      event: row.event as IncidentEvent,
      replays,
    }
  })
}

/** Sets an open dead letter aside for good, recording who and why. Discarding it again answers it unchanged. */
export async function discardDeadLetter(
  db: Database,
  receipt: string,
  o: { actor: string; reason: string }
): Promise<DeadLetterRow> {
  const reason = o.reason.trim()
  if (!reason)
    throw new ServiceError('BAD_USER_INPUT', 'reason: say why the dead letter is discarded', {
      field: 'reason',
    })
  const [row] = await db
    .update(inboundReceipts)
    .set({
      status: 'DISCARDED',
      discardedAt: sql`now()`,
      discardedBy: o.actor,
      discardReason: reason,
    })
    .where(
      and(
        eq(inboundReceipts.receipt, receipt),
        inArray(inboundReceipts.status, [...OPEN_DEAD_LETTER_STATUSES])
      )
    )
    .returning({ receipt: inboundReceipts.receipt })
  const letter = await requireDeadLetter(db, receipt)
  if (!row && letter.status !== 'DISCARDED')
    throw new ServiceError(
      'CONFLICT',
      `dead letter ${receipt} was replayed (now ${letter.status}): nothing to discard`
    )
  return letter
}
