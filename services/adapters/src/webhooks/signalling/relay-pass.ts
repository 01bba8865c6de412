import type { AsyncResource } from 'node:async_hooks'
import { inArray, sql, type SQL } from 'drizzle-orm'
import type { Client } from '@temporalio/client'
import type { Logger } from 'pino'
import type { IncidentEvent } from '@baton/domain'
import { inboundReceipts, signalMessageId, type Database } from '@baton/db'
import type { VendorEventSignal } from '@baton/temporal'
import { signalBatch, startVendorIncident, type OpenedEvent } from './signal-workflow.ts'

export type RelayDeps = {
  db: Database
  temporal: Client
  taskQueue: string
  deliveryTaskQueue?: string | undefined
  logger: Logger
  signalTimeoutMs?: number
}
export type PassResult = {
  /** receipts read */
  seen: number
  /** receipts handed to their workflow */
  signalled: number
  /** Temporal signals sent for them (one per incident, or per `maxPerSignal` receipts) */
  signals: number
  /** incident workflows started (incident.opened) */
  started: number
  deadLettered: number
  /** left RECORDED for the next pass (Temporal away or slow) */
  deferred: number
}
export type PassOptions = {
  /** which RECORDED receipts: the SQL condition on `r` (inbound_receipts) */
  pending: SQL
  limit?: number
  /** incidents signalled at once */
  concurrency?: number
  /** receipts in one signal at most (Temporal limits a payload to 2 MB) */
  maxPerSignal?: number
  /** recording requests' async contexts by receipt: a signal runs in its first receipt's (taken out once used) */
  scopes?: Map<string, AsyncResource>
}

type PendingRow = {
  receipt: string
  message_id: string
  type: string
  event: unknown
  key: string
  incident_id: string
  slug: string
  replays: number
}

/** Never signalled, or signalled that long ago and still not applied (the relay's condition). */
export const unsignalledOr = (resignalAfterSeconds: number) =>
  sql`(r.signalled_at is null or r.signalled_at < now() - make_interval(secs => ${resignalAfterSeconds}))`

/**
 * One pass of the relay: the RECORDED receipts (oldest first), grouped by incident, each
 * incident's in receipt order as one vendorEvents signal; an incident.opened receipt starts its
 * workflow first. A group that Temporal does not take stops there, so an incident's later
 * receipts never overtake an earlier one; the next pass reads them again. What was signalled is
 * marked (signalled_at) in one statement. Signalling twice is harmless: the workflow drops a
 * messageId it has seen.
 */
export async function relayPass(deps: RelayDeps, o: PassOptions): Promise<PassResult> {
  const rows = await deps.db.execute<PendingRow>(sql`
    select r.receipt, r.message_id, r.type, r.event, r.incident_id, i.key, p.slug, coalesce(x.replays, 0)::int as replays
    from inbound_receipts r join parties p on p.id = r.party_id join incidents i on i.id = r.incident_id
    left join inbound_replays x on x.receipt = r.receipt
    where r.status = 'RECORDED' and ${o.pending}
    order by r.id limit ${o.limit ?? 2000}`)
  const result: PassResult = {
    seen: rows.length,
    signalled: 0,
    signals: 0,
    started: 0,
    deadLettered: 0,
    deferred: 0,
  }
  if (rows.length === 0) return result
  const byIncident = new Map<string, PendingRow[]>()
  for (const r of rows) {
    const group = byIncident.get(r.key)
    if (group) group.push(r)
    else byIncident.set(r.key, [r])
  }
  const ctx = { db: deps.db, temporal: deps.temporal, timeoutMs: deps.signalTimeoutMs ?? 5000 }
  const maxPerSignal = o.maxPerSignal ?? 200
  const marked: string[] = []

  const relayIncident = async (key: string, group: PendingRow[]) => {
    for (let i = 0; i < group.length;) {
      const head = group[i]!
      if (head.type === 'incident.opened') {
        try {
          await startVendorIncident(
            { ...ctx, taskQueue: deps.taskQueue, deliveryTaskQueue: deps.deliveryTaskQueue },
            {
              receipt: head.receipt,
              incidentId: head.incident_id,
              key,
              opened: head.event as OpenedEvent,
            }
          )
          result.started++
          i++
          continue
        } catch (error) {
          deps.logger.warn(
            { receipt: head.receipt, err: (error as Error).message },
            'relay could not start the incident workflow yet'
          )
          result.deferred += group.length - i
          return
        }
      }
      const batch: PendingRow[] = []
      while (
        i < group.length &&
        group[i]!.type !== 'incident.opened' &&
        batch.length < maxPerSignal
      )
        batch.push(group[i++]!)
      const messages: VendorEventSignal[] = batch.map((r) => ({
        messageId: signalMessageId(r.slug, r.message_id, r.replays),
        receipt: r.receipt,
        event: r.event as IncidentEvent,
      }))
      const scope = o.scopes?.get(batch[0]!.receipt)
      for (const r of batch) o.scopes?.delete(r.receipt)
      const send = () => signalBatch(ctx, key, messages)
      const outcome = await (scope ? scope.runInAsyncScope(send) : send())
      if (outcome === 'deferred') {
        result.deferred += group.length - (i - batch.length)
        return
      }
      if (outcome === 'dead-letter') {
        result.deadLettered += batch.length
        continue
      }
      result.signals++
      result.signalled += batch.length
      for (const r of batch) marked.push(r.receipt)
    }
  }

  const groups = [...byIncident]
  let next = 0
  await Promise.all(
    Array.from({ length: Math.min(o.concurrency ?? 32, groups.length) }, async () => {
      while (next < groups.length) {
        const [key, group] = groups[next++]!
        await relayIncident(key, group)
      }
    })
  )
  // One statement for the whole pass, every incident's receipts. Rows are locked in id order, as
  // recordEvents locks the receipts it marks APPLIED (@baton/db's recordIncidentEvents): a mark
  // racing a workflow's write of the same receipts waits for it instead of deadlocking.
  // A lost mark (store away) costs only a re-signal after resignalAfterSeconds.
  if (marked.length > 0)
    await deps.db
      .execute(
        sql`with locked as (
          select id from ${inboundReceipts} where ${inArray(inboundReceipts.receipt, marked)} and status = 'RECORDED' order by id for update
        )
        update ${inboundReceipts} r set signalled_at = now() from locked where r.id = locked.id and r.status = 'RECORDED'`
      )
      .catch((error: Error) =>
        deps.logger.warn(
          { receipts: marked.length, err: error.message },
          'signalled receipts not marked; the relay signals them again later (harmless)'
        )
      )
  if (result.deferred > 0 || result.deadLettered > 0)
    deps.logger.warn(result, 'relay pass left receipts for later or dead-lettered them')
  else deps.logger.debug(result, 'relay pass')
  return result
}
