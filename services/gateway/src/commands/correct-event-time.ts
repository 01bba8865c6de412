import { ledgerEntryBySeq, type LedgerEntryRow } from '@baton/db'
import { correctEventTimeUpdate } from '@baton/temporal'
import type { GatewayContext } from '../context.ts'
import { requireOperator } from '../auth/authorize.ts'
import { badInput, gqlError } from '../graphql/errors.ts'
import { actorLabel, incidentInScope } from './acting-party.ts'
import { mapTemporalError } from './map-temporal-error.ts'
import { updateWithDeadline } from './update-with-deadline.ts'

/**
 * Staff correct one event's time (retained team only). The incident's workflow is the authority:
 * its update validator refuses a time that would reorder custody or lie in the incident's future,
 * and the update returns once the correction's ledger entry and the recomputed projection are written.
 */
export async function correctEventTime(
  ctx: GatewayContext,
  a: { incidentId: string; seq: number; at: Date | string; reason: string }
): Promise<LedgerEntryRow> {
  requireOperator(ctx.viewer, 'correctEventTime')
  const incident = await incidentInScope(ctx, a.incidentId)
  const reason = a.reason.trim()
  if (!reason) throw badInput('reason: a time correction needs a reason', 'reason')
  const at = new Date(a.at)
  if (Number.isNaN(at.getTime())) throw badInput('at: not an instant', 'at')
  try {
    // Like every command: DEADLINE_EXCEEDED rather than a hang when the workflow does not answer.
    const result = await updateWithDeadline(ctx, incident.key, correctEventTimeUpdate, [
      { seq: a.seq, at: at.toISOString(), reason, actor: await actorLabel(ctx) },
    ])
    ctx.log.info(
      {
        incident: incident.key,
        seq: a.seq,
        oldAt: result.oldAt,
        newAt: result.newAt,
        entry: result.seq,
      },
      'event time corrected'
    )
    const entry = await ledgerEntryBySeq(ctx.deps.db.db, incident.id, result.seq)
    if (!entry)
      throw gqlError(
        'INTERNAL',
        `ledger entry ${result.seq} missing after the correction was applied`
      )
    return entry
  } catch (error) {
    throw mapTemporalError(error)
  } finally {
    ctx.loaders.incident.clear(incident.id)
    ctx.loaders.incidentByKey.clear(incident.key)
    ctx.loaders.ledgerByIncident.clear(incident.id)
  }
}
