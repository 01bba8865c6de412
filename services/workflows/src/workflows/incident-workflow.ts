import {
  ApplicationFailure,
  allHandlersFinished,
  condition,
  continueAsNew,
  getExternalWorkflowHandle,
  log,
  patched,
  proxyActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow'
import type { IncidentEvent } from '@baton/domain'
import {
  COMMAND_ERROR_TYPES,
  advanceClockUpdate,
  childStatusSignal,
  commandUpdate,
  correctEventTimeUpdate,
  snapshotQuery,
  syncUpdate,
  vendorEventSignal,
  vendorEventsSignal,
  type AccountabilityActivities,
  type ChildStatusSignal,
  type CommandOrigin,
  type IncidentCommand,
  type IncidentWorkflowInput,
  type VendorEventSignal,
} from '@baton/temporal'
import { IncidentRuntime, type Opened } from './incident-runtime.ts'
import { IncidentEffects } from './incident-effects.ts'
import { vendorEventTime } from './vendor-event-time.ts'
import { planTimeCorrection } from './event-time-correction.ts'
import { REFUSE_UNRESOLVED_PATCH, unresolvedReference } from './vendor-event-check.ts'
import { screenVendorEvent } from './vendor-authority.ts'

/**
 * From this patch on, a wake more than 2 x WAKE_LEAD_MS away is first woken WAKE_LEAD_MS early and
 * then re-armed for the rest. Temporal starts a timer when the task that asked for it completes,
 * while its duration is taken from that task's start (workflow time): a wake set by a long task (an
 * offer's: validation, probe, projection) fired late by that task's whole duration. The re-arming
 * task records nothing (nothing is due yet), so the last timer is set by a short task. Histories
 * recorded before it replay the single timer.
 */
export const WAKE_REARM_PATCH = 'wake-rearm-before-deadline'
const WAKE_LEAD_MS = 5_000

const later = (a: string, b: string) => (Date.parse(a) >= Date.parse(b) ? a : b)
const CONFLICT_CODES = new Set([
  'NOT_HOLDER',
  'HANDOFF_ALREADY_ANSWERED',
  'OPEN_OFFER_EXISTS',
  'WAITING_ON_OTHER_PARTY',
  'INVALID_TRANSITION',
  'CHILDREN_OPEN',
  'HANDOFF_NOT_FOUND',
  'REQUEST_NOT_FOUND',
  'REQUEST_ALREADY_ANSWERED',
])

/** One workflow per incident (id incident/<key>): the authority for its state machine. */
export async function incidentWorkflow(input: IncidentWorkflowInput): Promise<void> {
  const info = workflowInfo()
  const rt = new IncidentRuntime(input, info.workflowId)
  const fx = new IncidentEffects(rt, input)
  // Messages the previous run received but had not applied when it continued as new come first.
  const inbox: VendorEventSignal[] = [...(input.carried?.inbox ?? [])]
  const seen = new Set(input.carried?.seenMessages ?? [])
  const children = new Map((input.carried?.children ?? []).map((c) => [c.key, c.status]))
  let changed = false

  const opened: Opened = {
    type: 'opened',
    at: input.openedAt,
    actor: input.declaredBy,
    priority: input.priority,
    holder: input.holder,
    title: input.title,
    ...(input.service ? { serviceId: input.service } : {}),
    ...(input.parentKey ? { parentKey: input.parentKey } : {}),
    ...(input.claimedAt && input.receivedAt
      ? { claimedAt: input.claimedAt, receivedAt: input.receivedAt }
      : {}),
  }

  /**
   * A command keeps its instant when it records something past (retroactive entry), is clamped to
   * the workflow clock when it claims the future, and never precedes the last event.
   */
  const normalise = (command: IncidentCommand): IncidentEvent => {
    const now = rt.clock.now().toISOString()
    const claimed = command.at && Date.parse(command.at) <= Date.parse(now) ? command.at : now
    const at = later(claimed, rt.state.lastEventAt || input.openedAt)
    if (command.type === 'handoff_offered' && !command.handoffId)
      return { ...command, at, handoffId: `${input.key}-H${rt.state.handoffs.length + 1}` }
    return { ...command, at }
  }
  // Before 'vendor-receipt-time': a vendor's instant was kept unless it claimed the future or preceded the last event.
  const legacyVendorTime = (e: IncidentEvent): IncidentEvent => {
    const nowIso = rt.clock.now().toISOString()
    const claimed = Date.parse(e.at) <= Date.parse(nowIso) ? e.at : nowIso
    return { ...e, at: later(claimed, rt.state.lastEventAt) } as IncidentEvent
  }
  const openChildren = () =>
    [...children.entries()].filter(([, s]) => s !== 'RESOLVED' && s !== 'CLOSED').map(([k]) => k)
  const refuse = (code: string, message: string): never => {
    const type =
      code === 'NOT_PERMITTED'
        ? COMMAND_ERROR_TYPES.forbidden
        : CONFLICT_CODES.has(code)
          ? COMMAND_ERROR_TYPES.conflict
          : COMMAND_ERROR_TYPES.badInput
    throw ApplicationFailure.nonRetryable(message, type, { code, message })
  }
  // A VENDOR token's command passes that party's authority first (origin is absent in older histories).
  const screened = (command: IncidentCommand, origin?: CommandOrigin): IncidentEvent => {
    const event = normalise(command)
    if (!origin) return event
    const result = screenVendorEvent(rt.state, rt.world, input.key, event, origin.vendor)
    return result.ok ? result.value : refuse(result.error.code, result.error.message)
  }
  const validate = (command: IncidentCommand, origin?: CommandOrigin) => {
    if (command.type === 'resolved' && !command.force && openChildren().length > 0)
      refuse(
        'CHILDREN_OPEN',
        `linked incidents still open: ${openChildren().join(', ')}; resolve them first or force with a reason`
      )
    const event = screened(command, origin)
    const result = rt.check(event)
    if (!result.ok) refuse(result.error.code, result.error.message)
    // A command whose event the domain cannot derive clocks for (a party or desk missing from the
    // pinned world) is refused here rather than failing the workflow task when applied.
    const unresolved = rt.probe(event)
    if (unresolved) refuse('BAD_INPUT', unresolved)
  }

  // State first: handlers set below may run buffered updates at once (after continue-as-new too).
  if (input.carried) {
    rt.replay(input.carried.events, input.carried.eventSeqs)
    fx.restore(input.carried.firedSteps, input.carried.marks)
  } else {
    fx.applyEvent(opened)
  }
  setHandler(snapshotQuery, () => ({
    key: input.key,
    seq: rt.seq,
    persistedSeq: rt.persistedSeq,
    status: rt.state.status,
    holder: rt.state.holder,
    events: rt.events,
    children: [...children].map(([key, status]) => ({ key, status })),
    firedSteps: [...fx.firedSteps],
  }))
  const receive = (message: VendorEventSignal) => {
    if (seen.has(message.messageId)) return
    seen.add(message.messageId)
    inbox.push(message)
  }
  setHandler(vendorEventSignal, receive)
  // The adapters' relay: an incident's pending receipts in one signal, in receipt order.
  setHandler(vendorEventsSignal, ({ messages }) => messages.forEach(receive))
  setHandler(childStatusSignal, ({ key, status }: ChildStatusSignal) => {
    children.set(key, status)
    changed = true
  })
  setHandler(
    advanceClockUpdate,
    ({ to }) => {
      rt.clock.advanceTo(new Date(to))
      changed = true
      return { now: rt.clock.now().toISOString() }
    },
    {
      validator: ({ to }) => {
        if (!rt.clock.simulated)
          refuse('BAD_INPUT', 'only a simulated incident clock can be advanced')
        if (!(Date.parse(to) > rt.clock.now().getTime()))
          refuse('BAD_INPUT', `advanceClock: ${to} is not after the incident's now`)
      },
    }
  )
  setHandler(
    correctEventTimeUpdate,
    async (correction) => {
      const result = planTimeCorrection(rt, correction, refuse).apply()
      changed = true
      await condition(() => rt.persistedSeq >= result.seq)
      return result
    },
    {
      validator: (correction) => {
        planTimeCorrection(rt, correction, refuse)
      },
    }
  )
  setHandler(syncUpdate, async ({ minSeq }) => {
    await condition(() => rt.persistedSeq >= minSeq)
    return { persistedSeq: rt.persistedSeq, status: rt.state.status }
  })
  setHandler(
    commandUpdate,
    async (command: IncidentCommand, origin?: CommandOrigin) => {
      validate(command, origin)
      const event = screened(command, origin)
      const outcome = fx.applyEvent(event)
      if (!outcome.ok) refuse(outcome.error.code, outcome.error.message)
      changed = true
      await condition(() => rt.persistedSeq >= (outcome.seq ?? 0))
      return {
        seq: outcome.seq ?? rt.seq,
        status: rt.state.status,
        holder: rt.state.holder,
        ...(event.type.startsWith('handoff_') && 'handoffId' in event
          ? { handoffId: event.handoffId }
          : {}),
      }
    },
    { validator: validate }
  )

  const notifyParent = async () => {
    if (!input.parentWorkflowId) return
    // A parent that has already closed cannot be signalled (Temporal answers "not found"); it no
    // longer waits on its linked incidents, so that is expected and logged at info, not as a warning.
    await getExternalWorkflowHandle(input.parentWorkflowId)
      .signal(childStatusSignal, { key: input.key, status: rt.state.status })
      .catch((e: Error) =>
        /not found/i.test(e.message)
          ? log.info('parent already closed; linked status not sent', {
              parent: input.parentWorkflowId,
              status: rt.state.status,
            })
          : log.warn('parent not signalled', { error: e.message })
      )
  }
  let reportedStatus = ''

  for (;;) {
    while (inbox.length > 0) {
      const message = inbox.shift()!
      const sent = patched('vendor-receipt-time')
        ? vendorEventTime(rt, fx.marks, message.event)
        : legacyVendorTime(message.event)
      // Authority as data (issue 18): the same table the adapters applied, against the exact state.
      const authority = patched('authority-as-data')
        ? screenVendorEvent(rt.state, rt.world, input.key, sent)
        : { ok: true as const, value: sent }
      const event = authority.ok ? authority.value : sent
      const blocked = !authority.ok
        ? authority
        : event.type === 'resolved' && !event.force && openChildren().length > 0
          ? {
              ok: false as const,
              error: {
                code: 'CHILDREN_OPEN' as const,
                message: `linked incidents still open: ${openChildren().join(', ')}`,
              },
            }
          : null
      // What a vendor names must resolve (a hand-off id Baton minted here, parties and desks of the
      // pinned world, clocks the domain can compute): otherwise the message is refused like any
      // other, and the incident goes on with its next one instead of failing this task forever.
      const unresolved =
        !blocked && rt.check(event).ok
          ? (unresolvedReference(event, rt.world, input.key) ?? rt.probe(event))
          : null
      const refusal =
        unresolved && patched(REFUSE_UNRESOLVED_PATCH)
          ? {
              ok: false as const,
              error: { code: 'UNRESOLVED_REFERENCE' as const, message: unresolved },
            }
          : null
      const outcome =
        blocked ??
        refusal ??
        fx.applyEvent(event, {
          receipt: message.receipt,
          source: 'party' in event ? event.party : undefined,
          messageId: message.messageId,
        })
      if (!outcome.ok) {
        log.warn('vendor event refused by the state machine', {
          receipt: message.receipt,
          code: outcome.error.code,
        })
        rt.record('vendor_event.refused', event.at, 'party' in event ? event.party : 'vendor', {
          receipt: message.receipt,
          messageId: message.messageId,
          event,
          code: outcome.error.code,
          message: outcome.error.message,
        })
        rt.refuseReceipt(message.receipt, outcome.error.message)
      }
    }
    const now = rt.clock.now()
    fx.evaluate(now)
    if (rt.state.status !== reportedStatus) {
      reportedStatus = rt.state.status
      await notifyParent()
    }
    if (rt.state.status === 'CLOSED') break
    const runLong =
      input.maxEntriesPerRun !== undefined &&
      rt.seq - (input.carried?.seq ?? 0) >= input.maxEntriesPerRun
    if (runLong || workflowInfo().continueAsNewSuggested) {
      await rt.flushed()
      await fx.drained()
      await condition(allHandlersFinished)
      await continueAsNew<typeof incidentWorkflow>({
        ...input,
        clock: rt.clock.carried(),
        carried: {
          events: rt.events,
          eventSeqs: rt.eventSeqs,
          seq: rt.seq,
          seenMessages: [...seen],
          firedSteps: [...fx.firedSteps],
          marks: [...fx.marks],
          children: [...children].map(([key, status]) => ({ key, status })),
          // Signals that arrived during the waits above are in `seen` already: a re-signal would
          // be dropped as a repeat, so they travel with the run or they are lost.
          ...(inbox.length > 0 ? { inbox: [...inbox] } : {}),
        },
      })
    }
    const wake = fx.nextWake(now)
    const delay = wake ? rt.clock.realDelayUntil(wake) : undefined
    const timeout =
      delay !== undefined && delay > 2 * WAKE_LEAD_MS && patched(WAKE_REARM_PATCH)
        ? delay - WAKE_LEAD_MS
        : delay
    const woke = await condition(() => inbox.length > 0 || changed, timeout as number)
    changed = false
    if (!woke && wake && rt.clock.now() >= wake) fx.noteTimerLateness(wake, rt.clock.now())
  }
  await rt.flushed()
  // Attribution and credits are persisted once, when the incident closes (issue 7).
  await settle.settleIncident({
    incidentId: input.incidentId,
    incidentKey: input.key,
    workflowId: info.workflowId,
    closedAt: rt.state.closedAt ?? rt.clock.now().toISOString(),
    events: rt.events,
    world: rt.world,
  })
  await fx.drained()
  await condition(allHandlersFinished)
}

const settle = proxyActivities<AccountabilityActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds' },
})
