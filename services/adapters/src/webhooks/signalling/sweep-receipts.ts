import { sql } from 'drizzle-orm'
import type { Client } from '@temporalio/client'
import type { Logger } from 'pino'
import type { IncidentEvent } from '@baton/domain'
import type { Database } from '@baton/db'
import { signalMessageId } from '../receipts/record-slow-path.ts'
import { signalReceipt, startVendorIncident, type OpenedEvent } from './signal-workflow.ts'

export type SweepDeps = {
  db: Database
  temporal: Client
  taskQueue: string
  deliveryTaskQueue?: string | undefined
  logger: Logger
  signalTimeoutMs?: number
}
export type SweepOptions = { olderThanSeconds: number; limit?: number }
export type SweepResult = {
  seen: number
  signalled: number
  started: number
  deadLettered: number
  deferred: number
}

type PendingRow = {
  receipt: string
  message_id: string
  type: string
  event: unknown
  incident_id: string
  key: string
  slug: string
  replays: number
}

/**
 * Re-signals receipts still RECORDED after olderThanSeconds (a crash between receipt and signal,
 * or Temporal away). Harmless when the first signal did land: the workflow dedups on messageId.
 */
export async function sweepReceipts(deps: SweepDeps, o: SweepOptions): Promise<SweepResult> {
  const rows = await deps.db.execute<PendingRow>(sql`
    select r.receipt, r.message_id, r.type, r.event, r.incident_id, i.key, p.slug, coalesce(x.replays, 0)::int as replays
    from inbound_receipts r join parties p on p.id = r.party_id join incidents i on i.id = r.incident_id
    left join inbound_replays x on x.receipt = r.receipt
    where r.status = 'RECORDED' and coalesce(r.signalled_at, r.received_at) < now() - make_interval(secs => ${o.olderThanSeconds})
    order by r.id limit ${o.limit ?? 500}`)
  const result: SweepResult = {
    seen: rows.length,
    signalled: 0,
    started: 0,
    deadLettered: 0,
    deferred: 0,
  }
  const ctx = { db: deps.db, temporal: deps.temporal, timeoutMs: deps.signalTimeoutMs ?? 5000 }
  for (const r of rows) {
    await deps.db.execute(
      sql`update inbound_receipts set signalled_at = now() where receipt = ${r.receipt}`
    )
    if (r.type === 'incident.opened') {
      try {
        await startVendorIncident(
          { ...ctx, taskQueue: deps.taskQueue, deliveryTaskQueue: deps.deliveryTaskQueue },
          {
            receipt: r.receipt,
            incidentId: r.incident_id,
            key: r.key,
            opened: r.event as OpenedEvent,
          }
        )
        result.started++
      } catch (error) {
        result.deferred++
        deps.logger.warn(
          { receipt: r.receipt, err: (error as Error).message },
          'sweeper could not start the incident workflow'
        )
      }
      continue
    }
    const outcome = await signalReceipt(ctx, {
      receipt: r.receipt,
      incidentKey: r.key,
      messageId: signalMessageId(r.slug, r.message_id, r.replays),
      event: r.event as IncidentEvent,
    })
    if (outcome === 'signalled') result.signalled++
    else if (outcome === 'dead-letter') result.deadLettered++
    else result.deferred++
  }
  if (rows.length > 0) deps.logger.info(result, 'receipt sweep')
  return result
}

/** Runs the sweep every intervalMs until stopped; one sweep at a time. */
export function startReceiptSweeper(
  deps: SweepDeps,
  o: SweepOptions & { intervalMs: number }
): { stop: () => Promise<void> } {
  let running: Promise<unknown> = Promise.resolve()
  let stopped = false
  const timer = setInterval(() => {
    if (stopped) return
    running = running
      .then(() => sweepReceipts(deps, o))
      .catch((error: Error) => deps.logger.warn({ err: error.message }, 'receipt sweep failed'))
  }, o.intervalMs)
  timer.unref()
  return {
    stop: async () => {
      stopped = true
      clearInterval(timer)
      await running
    },
  }
}
