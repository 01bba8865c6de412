import { log, metricMeter, patched, proxyActivities } from '@temporalio/workflow'
import {
  deskRecipients,
  evaluatePingPong,
  formatRecipient,
  type DueEscalation,
  type IncidentEvent,
  type Result,
  type IncidentState,
} from '@baton/domain'
import {
  TASK_QUEUES,
  type DeliveryActivities,
  type IncidentActivities,
  type IncidentWorkflowInput,
  type NotificationActivities,
} from '@baton/temporal'
import { deliverNotificationsUntilDone } from './deliver-until-done.ts'
import type { IncidentRuntime } from './incident-runtime.ts'
import { newClockMarks } from './clock-marks.ts'
import { planOutbound } from './outbound-plan.ts'
import { dueNow } from './due-now.ts'

/**
 * From this patch on, every expiry and escalation (ping-pong included) is what the domain's
 * evaluateDue answers, the answer the what-if replays; before it, the workflow judged ping-pong
 * itself when an offer arrived. Histories without the marker replay the old way.
 */
const DUE_FROM_DOMAIN = 'due-from-domain'

type PlannedEscalation = Pick<
  DueEscalation,
  'key' | 'at' | 'reason' | 'step' | 'party' | 'desk' | 'recipients' | 'clock'
>

// Exported by the worker's Prometheus endpoint (Temporal runtime telemetry), replay-safe.
const escalationsFired = metricMeter.createCounter(
  'baton_escalations_fired',
  'escalations',
  'Escalations fired by incident workflows'
)
const timerLateness = metricMeter.createHistogram(
  'baton_timer_lateness',
  'int',
  'ms',
  'How late a deadline timer woke the incident workflow'
)

type Source = { receipt?: string; source?: string | undefined; messageId?: string }

/**
 * What follows from each event and from the passing of time: outbound messages to vendors, clock
 * marks, expiring offers, escalations. Each effect has a key so it happens once.
 */
export class IncidentEffects {
  firedSteps = new Set<string>()
  marks = new Set<string>()
  private pending = new Set<Promise<unknown>>()
  private readonly delivery: DeliveryActivities
  private readonly local = proxyActivities<IncidentActivities>({
    startToCloseTimeout: '30 seconds',
    retry: { initialInterval: '200 milliseconds', maximumInterval: '10 seconds' },
  })
  // A page that cannot get through is retried with backoff for a day, then reported failed.
  private readonly notify = proxyActivities<NotificationActivities>({
    startToCloseTimeout: '2 minutes',
    scheduleToCloseTimeout: '24 hours',
    retry: { initialInterval: '2 seconds', backoffCoefficient: 2, maximumInterval: '10 minutes' },
  })

  constructor(
    private readonly rt: IncidentRuntime,
    private readonly input: IncidentWorkflowInput
  ) {
    this.delivery = proxyActivities<DeliveryActivities>({
      taskQueue: input.deliveryTaskQueue ?? TASK_QUEUES.delivery,
      startToCloseTimeout: '30 seconds',
      scheduleToCloseTimeout: '24 hours',
      retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 hour' },
    })
  }

  restore(firedSteps: readonly string[], marks: readonly string[]) {
    firedSteps.forEach((s) => this.firedSteps.add(s))
    marks.forEach((m) => this.marks.add(m))
  }

  applyEvent(event: IncidentEvent, source: Source = {}): Result<IncidentState> & { seq?: number } {
    const before = this.rt.state
    const pingPong =
      event.type === 'handoff_offered' && this.rt.world.pingPong && !patched(DUE_FROM_DOMAIN)
        ? evaluatePingPong(before, { from: event.from, to: event.to }, this.rt.world.pingPong)
        : undefined
    const outcome = this.rt.apply(event, {
      ...(source.receipt ? { receipt: source.receipt } : {}),
      ...(source.messageId
        ? { data: { messageId: source.messageId, receipt: source.receipt } }
        : {}),
    })
    if (!outcome.ok || outcome.seq === undefined) return outcome
    for (const m of planOutbound(event, before, this.rt.state, this.rt.world, source.source))
      this.deliver(m.party, m.type, outcome.seq, event)
    if (pingPong?.triggered && pingPong.escalateTo && event.type === 'handoff_offered') {
      const [party, desk] = pingPong.escalateTo.split('/')
      this.escalate({
        key: `pingpong:${event.handoffId}`,
        at: event.at,
        reason: `ping-pong: ${pingPong.reasons.join('; ')}`,
        step: null,
        party: party!,
        desk: desk ?? null,
        recipients: deskRecipients(this.rt.world, party!, desk ?? null, null),
      })
    }
    return outcome
  }

  /** Time-driven effects as of now: overdue offers expire, clock marks land, escalations fire. */
  evaluate(now: Date) {
    for (const x of dueNow(this.rt, now).expiries) {
      // An earlier expiry in this turn may have moved the last event; never record before it.
      const last = this.rt.state.lastEventAt
      const at = Date.parse(x.at) >= Date.parse(last) ? x.at : last
      this.applyEvent({ type: 'handoff_expired', at, actor: 'baton', handoffId: x.handoffId })
    }
    const current = this.rt.view(now)
    for (const mark of newClockMarks(current.clocks, this.marks, now)) {
      this.marks.add(mark.key)
      const c = mark.clock
      this.rt.record(mark.type, mark.at, 'baton', {
        clockId: c.id,
        agreement: `${c.agreement.slug}@${c.agreement.version}`,
        metric: c.metric,
        party: c.party,
        attributedTo: c.attributedTo,
        percent: mark.percent ?? null,
        deadline: c.deadline,
        calendar: c.calendar,
      })
    }
    const escalations = dueNow(this.rt, now).escalations
    const all = escalations.some((e) => e.kind !== 'ladder') && patched(DUE_FROM_DOMAIN)
    for (const e of escalations) if (all || e.kind === 'ladder') this.escalate(e)
  }

  nextWake(now: Date): Date | null {
    return dueNow(this.rt, now).nextAt
  }

  noteTimerLateness(scheduled: Date, woke: Date) {
    const latenessMs = Math.max(0, woke.getTime() - scheduled.getTime())
    timerLateness.record(latenessMs)
    log.debug('timer fired', { incidentKey: this.input.key, latenessMs })
  }

  escalate(e: PlannedEscalation) {
    if (this.firedSteps.has(e.key)) return
    this.firedSteps.add(e.key)
    escalationsFired.add(1, { party: e.party })
    // The ledger keeps each recipient as its text, as it always has, and structured beside it (`to`),
    // so that whose contact each is can be read without parsing the text.
    const recipients = e.recipients.map(formatRecipient)
    const to = e.recipients
    const seq = this.rt.record(
      'escalation.triggered',
      e.at,
      'baton',
      { key: e.key, reason: e.reason, step: e.step, party: e.party, desk: e.desk, recipients, to },
      {
        escalation: {
          at: e.at,
          reason: e.reason,
          step: e.step,
          party: e.party,
          desk: e.desk,
          recipients,
          to,
        },
      }
    )
    const s = this.rt.state
    const escalationKey = `${this.rt.workflowId}#${e.key}`
    this.track(
      (async () => {
        await this.local.requestNotification({
          idempotencyKey: escalationKey,
          incidentId: this.input.incidentId,
          incidentKey: this.input.key,
          priority: s.priority,
          title: s.title,
          holder: s.holder,
          step: e.step,
          reason: e.reason,
          party: e.party,
          desk: e.desk,
          recipients,
          to: e.recipients,
          clock: e.clock,
          at: e.at,
        })
        if (e.recipients.length === 0) return
        const result = await deliverNotificationsUntilDone(this.notify, escalationKey)
        // Delivery states are facts too: one ledger entry per escalation once its pages settled.
        const outcomes =
          'outcomes' in result && Array.isArray(result.outcomes)
            ? (
                result.outcomes as Array<{
                  recipient: string
                  state: string
                  channel: string | null
                  attempts: number
                }>
              ).map((o) => ({
                recipient: o.recipient,
                state: o.state,
                channel: o.channel,
                attempts: o.attempts,
              }))
            : []
        this.rt.record('notification.delivery', this.rt.clock.now().toISOString(), 'baton', {
          escalationKey: e.key,
          sent: result.sent,
          failed: result.failed,
          deferred: result.deferred,
          outcomes,
        })
      })()
    )
    if (this.rt.world.parties.find((p) => p.slug === e.party)?.integration?.outboundUrl)
      this.deliver(e.party, 'escalation.triggered', seq, {
        reason: e.reason,
        step: e.step,
        at: e.at,
      })
  }

  private deliver(
    party: string,
    type: Parameters<DeliveryActivities['deliverToVendor']>[0]['type'],
    seq: number,
    event: object
  ) {
    const s = this.rt.state
    const message = {
      idempotencyKey: `${this.rt.workflowId}#${seq}#${party}`,
      incidentId: this.input.incidentId,
      incidentKey: this.input.key,
      party,
      type,
      occurredAt:
        'at' in event && typeof event.at === 'string'
          ? event.at
          : this.rt.clock.now().toISOString(),
      payload: {
        incident: {
          id: this.input.incidentId,
          key: this.input.key,
          title: s.title,
          priority: s.priority,
          status: s.status,
          holder: s.holder,
        },
        event,
      },
    }
    // A vendor hears of a change only once the projection shows it: the adapters judge its answer
    // (authority: who holds, who was offered) against that projection.
    const afterProjection = patched('outbound-after-projection')
    this.track(
      afterProjection
        ? this.rt
            .flushed()
            .catch(() => undefined)
            .then(() => this.delivery.deliverToVendor(message))
        : this.delivery.deliverToVendor(message)
    )
  }

  private track(p: Promise<unknown>) {
    const tracked = p
      .catch((e: Error) => log.warn('outbound effect failed for good', { error: e.message }))
      .finally(() => this.pending.delete(tracked))
    this.pending.add(tracked)
  }

  /** Outbound messages still in flight; the workflow waits for them before it completes. */
  async drained() {
    while (this.pending.size > 0) await Promise.all([...this.pending])
  }
}
