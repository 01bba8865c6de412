import type { Client } from '@temporalio/client'
import { replayDeadLetter as replayShared, type Database } from '@baton/db'
import { signalReceipt } from '../webhooks/signalling/signal-workflow.ts'

// The list, replay and discard logic is @baton/db's, shared with the gateway's GraphQL; this is the
// route's side. Their refusals are ServiceErrors, answered by the app's onError.
export { listDeadLetters, discardDeadLetter } from '@baton/db'

/** Who the admin route records: its bearer token is one shared secret, not a person. */
export const ADMIN_ROUTE_ACTOR = 'adapters/admin-route'

/** Replays through the intake's own signal path (a workflow that no longer runs makes it a DEAD_LETTER again). */
export function replayDeadLetter(
  ctx: { db: Database; temporal: Client; signalTimeoutMs: number },
  receipt: string,
  actor = ADMIN_ROUTE_ACTOR
) {
  return replayShared(ctx.db, receipt, {
    actor,
    signal: (s) =>
      signalReceipt({ db: ctx.db, temporal: ctx.temporal, timeoutMs: ctx.signalTimeoutMs }, s),
  })
}
