// Where an expiry's lateness goes, read from the incident's Temporal history and its ledger row:
// the timer that woke the incident (when the server started it and for how long, so when it was
// set to fire against the deadline), when it fired, the workflow task that followed (queued,
// run, sticky or not), the recordEvents activity it scheduled (queued, started) and the row's
// recorded_at (its transaction's start). Counts are load-independent evidence; times are not.
import type { Client } from '@temporalio/client'
import proto from '@temporalio/proto'
import { percentile } from '../support/bench-stack.ts'

const { temporal } = proto
const T = temporal.api.enums.v1.EventType
type Event = proto.temporal.api.history.v1.IHistoryEvent

export type ExpiryTrace = {
  /** the timer's fire instant as the server set it (TimerStarted time + duration) minus the deadline */
  setLate: number
  /** the workflow task that started that timer: its start to complete, and what it answered */
  setterRun: number
  setterCause: string
  /** TimerFired minus the deadline */
  firedLate: number
  /** TimerFired to the next WorkflowTaskStarted */
  taskQueued: number
  /** that workflow task's start to complete */
  taskRun: number
  /** WorkflowTaskCompleted to recordEvents' ActivityTaskStarted */
  activityQueued: number
  /** ActivityTaskStarted to the ledger row's recorded_at */
  activityToRow: number
  /** recorded_at minus the deadline (the bench's lateness) */
  late: number
  /** history events from TimerFired to recordEvents' completion, and workflow tasks among them */
  events: number
  tasks: number
  /** the first workflow task after the timer went to the worker's sticky queue (cached run) */
  sticky: boolean
  /** timers started in the whole run, and history events */
  timersStarted: number
  historyEvents: number
}

const num = (v: unknown) => Number(v ?? 0)
const tsToMs = (t: { seconds?: unknown; nanos?: number | null } | null | undefined) =>
  t ? num(t.seconds) * 1000 + (t.nanos ?? 0) / 1e6 : NaN
const ms = (e: Event | undefined) => tsToMs(e?.eventTime)

/** Traces one incident's expiry (`deadline` epoch ms, `recordedAt` its handoff_expired row's). */
export async function traceExpiry(
  client: Client,
  workflowId: string,
  deadline: number,
  recordedAt: number
): Promise<ExpiryTrace | null> {
  const history = await client.workflow.getHandle(workflowId).fetchHistory()
  const events = history.events ?? []
  const byId = new Map(events.map((e) => [num(e.eventId), e]))
  const fired = events.find(
    (e) => e.eventType === T.EVENT_TYPE_TIMER_FIRED && ms(e) >= deadline - 5
  )
  if (!fired) return null
  const startedTimer = byId.get(num(fired.timerFiredEventAttributes?.startedEventId))
  const duration = tsToMs(startedTimer?.timerStartedEventAttributes?.startToFireTimeout)
  // The task whose completion started the timer: the last WorkflowTaskStarted before TimerStarted.
  const before = events.filter((e) => num(e.eventId) < num(startedTimer?.eventId))
  const setterStarted = before.findLast((e) => e.eventType === T.EVENT_TYPE_WORKFLOW_TASK_STARTED)
  // What that task did besides: the commands and update acceptances it recorded.
  const did = before
    .filter((e) => num(e.eventId) > num(setterStarted?.eventId) + 1)
    .map((e) => T[e.eventType ?? 0]?.replace('EVENT_TYPE_', '') ?? '?')
    .filter((n) => n !== 'TIMER_CANCELED')
  const cause = did.length ? [...new Set(did)].join('+') : 'TIMER_ONLY'
  const after = events.filter((e) => num(e.eventId) > num(fired.eventId))
  const scheduled = after.find((e) => e.eventType === T.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED)
  const taskStarted = after.find((e) => e.eventType === T.EVENT_TYPE_WORKFLOW_TASK_STARTED)
  const taskCompleted = after.find((e) => e.eventType === T.EVENT_TYPE_WORKFLOW_TASK_COMPLETED)
  const activity = after.find(
    (e) =>
      e.eventType === T.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED &&
      e.activityTaskScheduledEventAttributes?.activityType?.name?.startsWith('recordEvent')
  )
  const activityStarted = after.find(
    (e) =>
      e.eventType === T.EVENT_TYPE_ACTIVITY_TASK_STARTED &&
      num(e.activityTaskStartedEventAttributes?.scheduledEventId) === num(activity?.eventId)
  )
  const activityDone = after.find(
    (e) =>
      e.eventType === T.EVENT_TYPE_ACTIVITY_TASK_COMPLETED &&
      num(e.activityTaskCompletedEventAttributes?.scheduledEventId) === num(activity?.eventId)
  )
  const upTo = after.filter((e) => num(e.eventId) <= num(activityDone?.eventId))
  return {
    setLate: ms(startedTimer) + duration - deadline,
    setterRun: ms(startedTimer) - ms(setterStarted),
    setterCause: cause,
    firedLate: ms(fired) - deadline,
    taskQueued: ms(taskStarted) - ms(fired),
    taskRun: ms(taskCompleted) - ms(taskStarted),
    activityQueued: ms(activityStarted) - ms(taskCompleted),
    activityToRow: recordedAt - ms(activityStarted),
    late: recordedAt - deadline,
    events: upTo.length + 1,
    tasks: upTo.filter((e) => e.eventType === T.EVENT_TYPE_WORKFLOW_TASK_COMPLETED).length,
    sticky:
      scheduled?.workflowTaskScheduledEventAttributes?.taskQueue?.kind ===
      temporal.api.enums.v1.TaskQueueKind.TASK_QUEUE_KIND_STICKY,
    timersStarted: events.filter((e) => e.eventType === T.EVENT_TYPE_TIMER_STARTED).length,
    historyEvents: events.length,
  }
}

/** Prints p50/p99 of each step over the traced expiries, and the counts. */
export function printExpiryTraces(traces: ExpiryTrace[]): void {
  if (traces.length === 0) return
  const line = (label: string, pick: (t: ExpiryTrace) => number) => {
    const v = traces.map(pick).filter((x) => Number.isFinite(x))
    console.log(
      `    ${label.padEnd(44)} p50 ${percentile(v, 50).toFixed(0).padStart(6)} ms   p99 ${percentile(v, 99).toFixed(0).padStart(6)} ms`
    )
  }
  const mean = (pick: (t: ExpiryTrace) => number) =>
    (traces.reduce((s, t) => s + pick(t), 0) / traces.length).toFixed(1)
  console.log(`  where the lateness goes (${traces.length} expiries traced from their histories):`)
  line('timer set to fire after the deadline by', (t) => t.setLate)
  line('  the task that started it: started -> completed', (t) => t.setterRun)
  const causes = new Map<string, number>()
  for (const t of traces) causes.set(t.setterCause, (causes.get(t.setterCause) ?? 0) + 1)
  console.log(`      (that task recorded ${[...causes].map(([c, n]) => `${c} x${n}`).join(', ')})`)
  line('timer fired after the deadline by', (t) => t.firedLate)
  line('fired -> workflow task started', (t) => t.taskQueued)
  line('workflow task started -> completed', (t) => t.taskRun)
  line('task completed -> recordEvents started', (t) => t.activityQueued)
  line('recordEvents started -> row recorded_at', (t) => t.activityToRow)
  line('deadline -> row recorded_at', (t) => t.late)
  console.log(
    `    per expiry: ${mean((t) => t.events)} history events and ${mean((t) => t.tasks)} workflow tasks (timer fired -> write done); first task sticky (cached run) in ${traces.filter((t) => t.sticky).length}/${traces.length}; per run ${mean((t) => t.timersStarted)} timers started, ${mean((t) => t.historyEvents)} history events`
  )
}
