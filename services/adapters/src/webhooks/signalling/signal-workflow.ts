import { eq, inArray, sql } from 'drizzle-orm'
import { WorkflowNotFoundError, type Client } from '@temporalio/client'
import type { IncidentEvent } from '@baton/domain'
import { inboundReceipts, loadPinnedWorld, type Database } from '@baton/db'
import {
  INCIDENT_WORKFLOW_TYPE,
  incidentWorkflowId,
  vendorEventSignal,
  vendorEventsSignal,
  type IncidentWorkflowInput,
  type VendorEventSignal,
} from '@baton/temporal'

export type SignalOutcome = 'signalled' | 'dead-letter' | 'deferred'
type Ctx = { db: Database; temporal: Client; timeoutMs: number }

/**
 * Signals a recorded vendor event to its incident workflow. A workflow that no longer runs makes
 * the receipt a dead letter; anything else (Temporal down, slow) is left to the sweeper.
 */
export async function signalReceipt(
  ctx: Ctx,
  r: { receipt: string; incidentKey: string; messageId: string; event: IncidentEvent }
): Promise<SignalOutcome> {
  try {
    const handle = ctx.temporal.workflow.getHandle(incidentWorkflowId(r.incidentKey))
    await ctx.temporal.withDeadline(Date.now() + ctx.timeoutMs, () =>
      handle.signal(vendorEventSignal, {
        messageId: r.messageId,
        receipt: r.receipt,
        event: r.event,
      })
    )
    return 'signalled'
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) {
      await ctx.db
        .update(inboundReceipts)
        .set({
          status: 'DEAD_LETTER',
          error: `incident workflow ${incidentWorkflowId(r.incidentKey)} is not running`,
        })
        .where(eq(inboundReceipts.receipt, r.receipt))
      return 'dead-letter'
    }
    return 'deferred'
  }
}

/**
 * Signals the pending receipts of one incident, in receipt order, as one vendorEvents signal
 * (one Temporal round trip and one history event for many messages). A workflow that no longer
 * runs makes every one of them a dead letter; anything else leaves them to the next relay pass.
 */
export async function signalBatch(
  ctx: Ctx,
  incidentKey: string,
  messages: VendorEventSignal[]
): Promise<SignalOutcome> {
  try {
    const handle = ctx.temporal.workflow.getHandle(incidentWorkflowId(incidentKey))
    await ctx.temporal.withDeadline(Date.now() + ctx.timeoutMs, () =>
      handle.signal(vendorEventsSignal, { messages })
    )
    return 'signalled'
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) {
      await ctx.db
        .update(inboundReceipts)
        .set({
          status: 'DEAD_LETTER',
          error: `incident workflow ${incidentWorkflowId(incidentKey)} is not running`,
        })
        .where(
          inArray(
            inboundReceipts.receipt,
            messages.map((m) => m.receipt)
          )
        )
      return 'dead-letter'
    }
    return 'deferred'
  }
}

export type OpenedEvent = Extract<IncidentEvent, { type: 'opened' }>

/** Starts (or finds) the workflow of an incident a vendor opened; idempotent on the workflow id. */
export async function startVendorIncident(
  ctx: Ctx & { taskQueue: string; deliveryTaskQueue?: string | undefined },
  o: { receipt: string; incidentId: string; key: string; opened: OpenedEvent }
): Promise<void> {
  const world = await loadPinnedWorld(ctx.db, o.opened.at)
  const input: IncidentWorkflowInput = {
    incidentId: o.incidentId,
    key: o.key,
    title: o.opened.title,
    priority: o.opened.priority,
    holder: o.opened.holder,
    openedAt: o.opened.at,
    declaredBy: o.opened.actor ?? o.opened.holder,
    world,
    ...(o.opened.claimedAt && o.opened.receivedAt
      ? { claimedAt: o.opened.claimedAt, receivedAt: o.opened.receivedAt }
      : {}),
    ...(ctx.deliveryTaskQueue ? { deliveryTaskQueue: ctx.deliveryTaskQueue } : {}),
  }
  await ctx.temporal.withDeadline(Date.now() + ctx.timeoutMs, () =>
    ctx.temporal.workflow.start(INCIDENT_WORKFLOW_TYPE, {
      taskQueue: ctx.taskQueue,
      workflowId: incidentWorkflowId(o.key),
      args: [input],
      workflowIdConflictPolicy: 'USE_EXISTING',
    })
  )
  await ctx.db
    .update(inboundReceipts)
    .set({ status: 'APPLIED', appliedAt: sql`now()`, signalledAt: sql`now()` })
    .where(eq(inboundReceipts.receipt, o.receipt))
}
