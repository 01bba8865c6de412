import { patched, proxyActivities } from '@temporalio/workflow'
import {
  advanceIncidentView,
  applyIncidentEvent,
  emptyIncidentState,
  incidentViewAt,
  prepareIncidentView,
  type PreparedIncidentView,
  nextClockDeadline,
  type IncidentEvent,
  type IncidentState,
  type IncidentView,
  type Result,
  type World,
} from '@baton/domain'
import type {
  EscalationRecord,
  IncidentActivities,
  IncidentWorkflowInput,
  RecordEventActivityInput,
} from '@baton/temporal'
import { projectIncident } from './project-incident.ts'
import { IncidentClock } from './incident-clock.ts'

/**
 * From this patch on, the ledger entries recorded while a write is in flight (or in one workflow
 * activation: a batch of vendor events) go in one recordEvents activity, with one projection
 * computed for the batch, instead of one recordEvent activity and projection per entry.
 * Histories recorded before it replay the per-entry path.
 */
export const BATCHED_LEDGER_PATCH = 'batched-ledger-writes'

const { recordEvent, recordEvents, markReceipt } = proxyActivities<IncidentActivities>({
  startToCloseTimeout: '30 seconds',
  retry: {
    initialInterval: '200 milliseconds',
    maximumInterval: '10 seconds',
    backoffCoefficient: 2,
  },
})

export type Opened = Extract<IncidentEvent, { type: 'opened' }>
type PreparedEntry = {
  events: number
  revision: number
  last: IncidentEvent | undefined
  prepared: PreparedIncidentView
}
type LedgerExtra = {
  receipt?: string
  escalation?: EscalationRecord
  data?: Record<string, unknown>
}

/**
 * The incident's state inside the workflow: the event list (the truth the domain derives
 * everything from), the reducer state, and the serialised ledger writes.
 */
export class IncidentRuntime {
  events: IncidentEvent[] = []
  /** the ledger seq of each event (eventSeqs[i] is events[i]'s entry), for staff time corrections */
  eventSeqs: number[] = []
  /** bumped when a correction rewrites an event's time: the memoised views are stale */
  private revision = 0
  state: IncidentState = emptyIncidentState()
  seq: number
  persistedSeq: number
  readonly world: World
  readonly clock: IncidentClock
  private writes: Promise<unknown> = Promise.resolve()
  /** entries waiting for the next recordEvents (batched ledger writes) */
  private pending: RecordEventActivityInput[] = []
  private flushQueued = false

  constructor(
    readonly input: IncidentWorkflowInput,
    readonly workflowId: string
  ) {
    this.world = { ...input.world }
    this.clock = new IncidentClock(input.clock)
    this.seq = input.carried?.seq ?? 0
    this.persistedSeq = this.seq
  }

  get options() {
    return { pingPong: this.world.pingPong }
  }

  /** Checks an event against the state machine without changing anything. */
  check(event: IncidentEvent): Result<IncidentState> {
    return applyIncidentEvent(this.state, event, this.options)
  }

  /** Applies a checked event and queues its ledger entry + projection write. */
  apply(event: IncidentEvent, extra: LedgerExtra = {}): Result<IncidentState> & { seq?: number } {
    const result = this.check(event)
    if (!result.ok) return result
    this.state = result.value
    this.events.push(event)
    const { type, at, actor, ...data } = event
    const seq = this.record(
      type,
      at,
      actor ?? ('party' in event ? event.party : this.input.declaredBy),
      { ...data, ...extra.data },
      extra
    )
    this.eventSeqs.push(seq)
    return { ...result, seq }
  }

  /** Replays events without writing (continue-as-new carries them already recorded, with their seqs when known). */
  replay(events: readonly IncidentEvent[], seqs: readonly number[] = []): void {
    const known = seqs.length === events.length
    events.forEach((e, i) => {
      const r = this.check(e)
      if (r.ok) {
        this.state = r.value
        this.events.push(e)
        this.eventSeqs.push(known ? seqs[i]! : 0)
      }
    })
  }

  /** Takes a checked correction (retimeEvent): the events and the state they give. */
  retime(events: IncidentEvent[], state: IncidentState): void {
    this.events = events
    this.state = state
    this.revision += 1
  }

  // Memo entries name the revision and the last event they include: probe() prepares a view with
  // an event that may never be applied, so the count alone no longer identifies the events.
  private lastView:
    | {
        events: number
        revision: number
        last: IncidentEvent | undefined
        at: number
        view: IncidentView
      }
    | undefined
  /** the latest prepared view (a probe's, with an event not yet applied, or the events') */
  private prepared: PreparedEntry | undefined
  /** the prepared view of the events as they were when the latest probe was taken */
  private committed: PreparedEntry | undefined

  private names(entry: PreparedEntry | undefined, count: number): entry is PreparedEntry {
    return (
      !!entry &&
      entry.events === count &&
      entry.revision === this.revision &&
      entry.last === (count === 0 ? undefined : this.events[count - 1])
    )
  }

  /**
   * The prepared view of the events now (issue 23: incremental). Each applied event advances the
   * view of the events before it (the probe's or the last one) by one reducer step instead of
   * deriving custody and every clock spec from all events again; a time correction (a new
   * revision) or a fresh run prepares it from all events once. Equal answers either way
   * (advanceIncidentView's differential test), so replay produces the same commands.
   */
  private preparedNow(): PreparedIncidentView {
    const n = this.events.length
    if (this.names(this.prepared, n)) return this.prepared.prepared
    const before = [this.prepared, this.committed].find((p) => this.names(p, n - 1))
    const prepared =
      before && n > 0
        ? advanceIncidentView(before.prepared, this.events[n - 1]!)
        : prepareIncidentView({
            events: [...this.events],
            world: this.world,
            options: this.options,
          })
    this.prepared = { events: n, revision: this.revision, last: this.events[n - 1], prepared }
    return prepared
  }

  /**
   * The domain view as of now. Events only ever append, so (event count, instant) identifies a
   * view: one loop turn asks for it several times (evaluate, marks, ladder, next wake, each
   * record), and recomputing every clock each time made busy workers CPU-bound. Pure memo, so
   * replay produces the same commands.
   */
  view(now: Date): IncidentView {
    const at = now.getTime()
    const last = this.events[this.events.length - 1]
    const hit = this.lastView
    if (
      hit &&
      hit.events === this.events.length &&
      hit.revision === this.revision &&
      hit.last === last &&
      hit.at === at
    )
      return hit.view
    // What does not depend on now (custody, specs) is prepared once per set of events; timer
    // wakes between events only take the view at a new instant.
    const view = incidentViewAt(this.preparedNow(), now)
    this.lastView = { events: this.events.length, revision: this.revision, last, at, view }
    return view
  }

  /**
   * Whether the domain can derive the incident's view with this event added (every party, desk
   * and calendar it leads the clocks to resolves in the pinned world): null, or why not. The
   * view is computed for every ledger write, so an event that makes it throw would fail the
   * workflow task on every retry; such an event is refused instead. A passing probe leaves its
   * view in the memo, so applying the same event next computes nothing twice.
   */
  probe(event: IncidentEvent): string | null {
    const count = this.events.length + 1
    const now = new Date(Math.max(this.clock.now().getTime(), Date.parse(event.at)))
    try {
      const base = this.preparedNow()
      const committed = this.prepared
      const prepared = advanceIncidentView(base, event)
      const view = incidentViewAt(prepared, now)
      this.committed = committed
      this.prepared = { events: count, revision: this.revision, last: event, prepared }
      this.lastView = {
        events: count,
        revision: this.revision,
        last: event,
        at: now.getTime(),
        view,
      }
      return null
    } catch (error) {
      return error instanceof Error ? error.message : String(error)
    }
  }

  nextDeadline(now: Date): Date | null {
    return nextClockDeadline(this.view(now).clocks)
  }

  /** A ledger entry that is not a state change (clock marks, escalations, refusals). */
  record(
    type: string,
    at: string,
    actor: string,
    data: Record<string, unknown>,
    extra: LedgerExtra = {}
  ): number {
    this.seq += 1
    const seq = this.seq
    const entry = {
      incidentId: this.input.incidentId,
      workflowId: this.workflowId,
      seq,
      at,
      type,
      actor,
      data,
      ...(extra.receipt ? { receipt: extra.receipt } : {}),
      ...(extra.escalation ? { escalation: extra.escalation } : {}),
    }
    if (patched(BATCHED_LEDGER_PATCH)) {
      this.pending.push(entry)
      if (!this.flushQueued) {
        this.flushQueued = true
        this.writes = this.writes.then(() => this.flushPending())
      }
      return seq
    }
    const projection = projectIncident(
      this.state,
      this.view(new Date(Math.max(this.clock.now().getTime(), Date.parse(at)))),
      this.events,
      this.clock.state()
    )
    this.writes = this.writes.then(async () => {
      await recordEvent({ ...entry, projection })
      this.persistedSeq = seq
    })
    return seq
  }

  /**
   * Writes every entry recorded since the last write in one activity. It runs once the previous
   * write is done, so what was recorded meanwhile joins it; the projection is computed once, for
   * the state after the last entry (every state change records an entry, so that is the state now).
   */
  private async flushPending(): Promise<void> {
    this.flushQueued = false
    const entries = this.pending
    this.pending = []
    const last = entries[entries.length - 1]
    if (!last) return
    const projection = projectIncident(
      this.state,
      this.view(new Date(Math.max(this.clock.now().getTime(), Date.parse(last.at)))),
      this.events,
      this.clock.state()
    )
    entries[entries.length - 1] = { ...last, projection }
    await recordEvents({ entries })
    this.persistedSeq = last.seq
  }

  refuseReceipt(receipt: string, error: string): void {
    this.writes = this.writes.then(() => markReceipt({ receipt, status: 'REJECTED', error }))
  }

  flushed(): Promise<unknown> {
    return this.writes
  }
}
