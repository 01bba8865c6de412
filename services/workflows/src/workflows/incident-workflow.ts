import { ApplicationFailure, condition, continueAsNew, log, proxyActivities, setHandler, workflowInfo, allHandlersFinished } from '@temporalio/workflow'
import type { IncidentEvent } from '@baton/domain'
import { COMMAND_ERROR_TYPES, commandUpdate, snapshotQuery, syncUpdate, vendorEventSignal, type IncidentActivities, type IncidentCommand, type IncidentWorkflowInput, type VendorEventSignal } from '@baton/temporal'
import { applyToModel, projectModel, startModel, type IncidentModel } from './incident-model.ts'

const { recordEvent, markReceipt } = proxyActivities<IncidentActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '200 milliseconds', maximumInterval: '10 seconds', backoffCoefficient: 2 },
})

/** One workflow per incident: the authority for its state machine. */
export async function incidentWorkflow(input: IncidentWorkflowInput): Promise<void> {
  const workflowId = workflowInfo().workflowId
  const opened: Extract<IncidentEvent, { type: 'opened' }> = { type: 'opened', at: input.openedAt, actor: input.declaredBy, priority: input.priority, holder: input.holder, title: input.title, serviceId: input.service, parentKey: input.parentKey }
  let model: IncidentModel = startModel(opened)
  for (const e of input.carried?.events.slice(1) ?? []) { const r = applyToModel(model, e); if (r.ok) model = r.value }
  let seq = input.carried?.seq ?? 0
  let persistedSeq = seq
  const seen = new Set(input.carried?.seenMessages ?? [])
  const inbox: VendorEventSignal[] = []
  let writes: Promise<unknown> = Promise.resolve()

  // Ledger writes are serialised so the ledger order is the workflow's event order.
  const persist = (event: IncidentEvent, receipt?: string) => {
    seq += 1
    const mySeq = seq
    const { type, at, actor, ...data } = event
    const projection = projectModel(model)
    writes = writes.then(async () => {
      await recordEvent({ incidentId: input.incidentId, workflowId, seq: mySeq, at, type, actor: actor ?? ('party' in event ? event.party : input.declaredBy), data, receipt, projection })
      persistedSeq = mySeq
    })
    return { seq: mySeq, done: writes }
  }

  setHandler(snapshotQuery, () => ({ key: input.key, seq, persistedSeq, status: model.status, holder: model.holder, events: model.events }))
  setHandler(vendorEventSignal, (message) => {
    if (seen.has(message.messageId)) return
    seen.add(message.messageId)
    inbox.push(message)
  })
  setHandler(syncUpdate, async ({ minSeq }) => {
    await condition(() => persistedSeq >= minSeq)
    return { persistedSeq, status: model.status }
  })
  setHandler(commandUpdate, async (command: IncidentCommand) => {
    const result = applyToModel(model, command)
    if (!result.ok) throw ApplicationFailure.nonRetryable(result.error.message, COMMAND_ERROR_TYPES.conflict, result.error)
    model = result.value
    const { seq: s, done } = persist(command)
    await done
    return { seq: s, status: model.status, holder: model.holder }
  }, {
    validator: (command: IncidentCommand) => {
      const result = applyToModel(model, command)
      if (!result.ok) throw ApplicationFailure.nonRetryable(result.error.message, COMMAND_ERROR_TYPES.conflict, result.error)
    },
  })

  if (!input.carried) persist(opened)

  while (model.status !== 'CLOSED') {
    await condition(() => inbox.length > 0 || model.status === 'CLOSED' || workflowInfo().continueAsNewSuggested)
    while (inbox.length > 0) {
      const message = inbox.shift()!
      const result = applyToModel(model, message.event)
      if (result.ok) {
        model = result.value
        persist(message.event, message.receipt)
      } else {
        log.warn('vendor event refused by the incident state machine', { receipt: message.receipt, code: result.error.code })
        writes = writes.then(() => markReceipt({ receipt: message.receipt, status: 'REJECTED', error: result.error.message }))
      }
    }
    if (workflowInfo().continueAsNewSuggested) {
      await writes
      await condition(allHandlersFinished)
      await continueAsNew<typeof incidentWorkflow>({ ...input, carried: { events: model.events, seq, seenMessages: [...seen], firedSteps: [] } })
    }
  }
  await writes
  await condition(allHandlersFinished)
}
