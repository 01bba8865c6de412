import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import proto from '@temporalio/proto'
import { commandUpdate, type IncidentCommand } from '@baton/temporal'
import { createHarness, type Harness } from '../testing/e2e-harness.ts'
import { saveHistoryIfAsked } from '../testing/save-history.ts'

// A 15-minute hand-off OLA runs in 150 s here (every demo-world duration scaled by 1/6). The
// incident and its offer are backdated as in bench/workflows/timers.bench.ts, so that the OLA's
// warnings (50, 75, 90 %) have passed and the offer's task sets the deadline's timer, 12 s ahead.
const SCALE = 1 / 6
const OLA_MS = 150_000
const T = proto.temporal.api.enums.v1.EventType
let h: Harness
beforeAll(async () => {
  h = await createHarness({ scale: SCALE, withoutIntegrations: true })
  await h.startWorker()
})
afterAll(() => h?.close())

describe('a wake far away (patch wake-rearm-before-deadline)', () => {
  // Temporal starts a timer when the task that asked for it completes, but its duration counts
  // from that task's start: a deadline timer set by the offer's (long) task fired late by all of
  // it. The wake is taken 5 s early and re-armed from a task that does nothing else.
  it('expires the offer from a timer re-armed by a task that only set it, not by the offer', async () => {
    const deadline = Date.now() + 12_000
    const openedAt = deadline - OLA_MS - 5_000
    const inc = await h.declare({
      clientKey: 'rearm-1',
      title: 'Checkout errors',
      priority: 'P1',
      holder: 'stratus',
      openedAt: new Date(openedAt).toISOString(),
    })
    const send = (c: Record<string, unknown>) =>
      inc.handle.executeUpdate(commandUpdate, {
        args: [{ at: new Date().toISOString(), ...c } as IncidentCommand],
      })
    await send({
      type: 'acknowledged',
      party: 'stratus',
      at: new Date(openedAt + 1000).toISOString(),
    })
    const offer = { from: 'stratus', to: 'vistula', handoffId: '', reason: 'defect' }
    await send({ type: 'handoff_offered', ...offer, at: new Date(deadline - OLA_MS).toISOString() })
    await expect
      .poll(
        async () =>
          (
            await h.t
              .sql`select 1 from ledger_entries where incident_id = ${inc.id} and type = 'handoff_expired'`
          ).length,
        { timeout: 40_000, interval: 250 }
      )
      .toBe(1)
    // The replay test's history of the patched branch (services/workflows/src/histories): the
    // incident is resolved and closed so that its workflow ends.
    if (process.env.BATON_SAVE_HISTORIES === '1') {
      const [expired] = await h.t.sql<{ handoffId: string }[]>`
        select data->>'handoffId' as "handoffId" from ledger_entries
        where incident_id = ${inc.id} and type = 'handoff_expired'`
      await send({ type: 'handoff_withdrawn', handoffId: expired!.handoffId, party: 'stratus' })
      await send({ type: 'resolved', party: 'stratus', resolution: 'defect fixed' })
      await send({ type: 'closed', party: 'northwind' })
      await saveHistoryIfAsked(inc.handle, 'wake-rearm')
    }
    const events = (await inc.handle.fetchHistory()).events ?? []
    const id = (e: (typeof events)[number]) => Number(e.eventId)
    const offerAccepted = events.find(
      (e) =>
        e.eventType === T.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED &&
        Buffer.from(
          e.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.input?.args
            ?.payloads?.[0]?.data ?? []
        ).includes('handoff_offered')
    )!
    // The timer that woke the expiry: the first to fire after the offer whose task recorded it.
    const expiryWrite = events.find(
      (e) =>
        id(e) > id(offerAccepted) &&
        e.eventType === T.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED &&
        e.activityTaskScheduledEventAttributes?.activityType?.name === 'recordEvents' &&
        Buffer.from(
          e.activityTaskScheduledEventAttributes?.input?.payloads?.[0]?.data ?? []
        ).includes('handoff_expired')
    )!
    const fired = events.filter(
      (e) => e.eventType === T.EVENT_TYPE_TIMER_FIRED && id(e) < id(expiryWrite)
    )
    const woke = fired[fired.length - 1]!
    const started = Number(woke.timerFiredEventAttributes?.startedEventId)
    // It was started by the early wake, at most the lead (5 s) before the deadline: without the
    // patch the offer's task (or a task of an earlier wake) started it for the rest of the OLA.
    const startedEvent = events.find((e) => id(e) === started)!
    const duration = startedEvent.timerStartedEventAttributes!.startToFireTimeout!
    expect(Number(duration.seconds) * 1000 + (duration.nanos ?? 0) / 1e6).toBeLessThanOrEqual(5000)
    const before = events.filter((e) => id(e) < started)
    const setter = before.findLast((e) => e.eventType === T.EVENT_TYPE_WORKFLOW_TASK_STARTED)!
    const trigger = before.findLast(
      (e) =>
        id(e) < id(setter) &&
        e.eventType !== T.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED &&
        e.eventType !== T.EVENT_TYPE_WORKFLOW_TASK_STARTED
    )!
    expect(id(trigger)).toBeGreaterThan(id(offerAccepted))
    expect(T[trigger.eventType!]).toBe('EVENT_TYPE_TIMER_FIRED')
    const marker = events.some((e) =>
      Buffer.from(
        Object.values(e.markerRecordedEventAttributes?.details ?? {})[0]?.payloads?.[0]?.data ?? []
      ).includes('wake-rearm-before-deadline')
    )
    expect(marker).toBe(true)
  }, 90_000)
})
