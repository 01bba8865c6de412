import { eq, inArray, sql } from 'drizzle-orm'
import { WorkflowNotFoundError, type Client, type WorkflowHandle } from '@temporalio/client'
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
 * Sends one signal to an incident's workflow within the deadline. A workflow that no longer runs
 * makes the receipts a dead letter; anything else (Temporal down, slow) is left to the next pass.
 */
async function signalOrDeadLetter(
  ctx: Ctx,
  incidentKey: string,
  receipts: string[],
  send: (handle: WorkflowHandle) => Promise<void>
): Promise<SignalOutcome> {
  try {
    const handle = ctx.temporal.workflow.getHandle(incidentWorkflowId(incidentKey))
    await ctx.temporal.withDeadline(Date.now() + ctx.timeoutMs, () => send(handle))
    return 'signalled'
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) {
      await ctx.db
        .update(inboundReceipts)
        .set({
          status: 'DEAD_LETTER',
          error: `incident workflow ${incidentWorkflowId(incidentKey)} is not running`,
        })
        .where(inArray(inboundReceipts.receipt, receipts))
      return 'dead-letter'
    }
    return 'deferred'
  }
}

/** Signals a recorded vendor event to its incident workflow. */
export function signalReceipt(
  ctx: Ctx,
  r: { receipt: string; incidentKey: string; messageId: string; event: IncidentEvent }
): Promise<SignalOutcome> {
  return signalOrDeadLetter(ctx, r.incidentKey, [r.receipt], (handle) =>
    handle.signal(vendorEventSignal, {
      messageId: r.messageId,
      receipt: r.receipt,
      event: r.event,
    })
  )
}

/**
 * Signals the pending receipts of one incident, in receipt order, as one vendorEvents signal
 * (one Temporal round trip and one history event for many messages).
 */
export function signalBatch(
  ctx: Ctx,
  incidentKey: string,
  messages: VendorEventSignal[]
): Promise<SignalOutcome> {
  return signalOrDeadLetter(
    ctx,
    incidentKey,
    messages.map((m) => m.receipt),
    (handle) => handle.signal(vendorEventsSignal, { messages })
  )
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
