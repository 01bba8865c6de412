import { sql } from 'drizzle-orm'
import { relayPass, type PassResult, type RelayDeps } from './relay-pass.ts'

export type SweepDeps = RelayDeps
export type SweepOptions = { olderThanSeconds: number; limit?: number }
export type SweepResult = PassResult

/**
 * One relay pass over receipts still RECORDED whose last signal (or, never signalled, whose
 * receipt) is older than olderThanSeconds: what a restarted relay does first, callable on its
 * own (tests, operators). Harmless when the first signal did land: the workflow dedups on messageId.
 */
export function sweepReceipts(deps: SweepDeps, o: SweepOptions): Promise<SweepResult> {
  return relayPass(deps, {
    pending: sql`coalesce(r.signalled_at, r.received_at) < now() - make_interval(secs => ${o.olderThanSeconds})`,
    limit: o.limit ?? 500,
  })
}
