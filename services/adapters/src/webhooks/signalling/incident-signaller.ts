import { AsyncResource } from 'node:async_hooks'
import type { IncidentEvent } from '@baton/domain'
import type { SignalOutcome } from './signal-workflow.ts'

/** `scope`: the request's async context, so the signal joins the webhook's trace although it is sent after the answer. */
export type SignalJob = {
  receipt: string
  incidentKey: string
  messageId: string
  event: IncidentEvent
  scope?: AsyncResource
}

/** Captures the caller's async context (AsyncLocalStorage, OpenTelemetry) for a signal sent later. */
export const requestScope = () => new AsyncResource('baton.signal')
export type SignalFn = (job: SignalJob) => Promise<SignalOutcome>
export type SignallerOptions = {
  concurrency?: number
  maxPending?: number
  retryMs?: (attempt: number) => number
  onOutcome?: (job: SignalJob, outcome: SignalOutcome, attempt: number) => void
}

/**
 * Signals recorded receipts after the 202, FIFO per incident: one signal in flight per incident,
 * at most `concurrency` overall. A deferred signal (Temporal away or slow) is retried in place, so
 * the incident's later messages wait behind it; a crash loses only memory, and the sweeper
 * re-signals every receipt still RECORDED, in receipt order, and the workflow drops repeats.
 */
export class IncidentSignaller {
  private readonly queues = new Map<string, SignalJob[]>()
  private readonly attempts = new Map<string, number>()
  private readonly ready: string[] = []
  private readonly idle: (() => void)[] = []
  private readonly room: (() => void)[] = []
  private running = 0
  private pending = 0
  private stopped = false
  private readonly concurrency: number
  private readonly maxPending: number
  private readonly retryMs: (attempt: number) => number

  constructor(
    private readonly signal: SignalFn,
    private readonly o: SignallerOptions = {}
  ) {
    this.concurrency = o.concurrency ?? 64
    this.maxPending = o.maxPending ?? 20_000
    this.retryMs = o.retryMs ?? ((attempt) => Math.min(5000, 100 * 2 ** attempt))
  }

  /** Signals queued or in flight. */
  get size() {
    return this.pending
  }

  /** Resolves once there is room for one more signal: intake waits here (before recording) rather than grow memory without bound. */
  whenRoom(): Promise<void> {
    if (this.pending < this.maxPending) return Promise.resolve()
    return new Promise((resolve) => this.room.push(resolve))
  }

  /** Queues a signal behind the incident's earlier ones; call it in commit order, before answering. */
  enqueue(job: SignalJob): void {
    if (this.stopped) return
    this.pending++
    const queue = this.queues.get(job.incidentKey)
    if (queue) {
      queue.push(job)
      return
    }
    this.queues.set(job.incidentKey, [job])
    this.ready.push(job.incidentKey)
    this.pump()
  }

  /** Resolves when every queued signal has been sent (or dead-lettered). */
  drain(): Promise<void> {
    if (this.pending === 0) return Promise.resolve()
    return new Promise((resolve) => this.idle.push(resolve))
  }

  /** Drops what is queued (shutdown): those receipts stay RECORDED and the sweeper signals them. */
  stop(): void {
    this.stopped = true
    this.queues.clear()
    this.attempts.clear()
    this.ready.length = 0
    this.pending = 0
    this.settle()
  }

  private pump() {
    while (this.running < this.concurrency && this.ready.length > 0) {
      const key = this.ready.shift()!
      this.running++
      void this.runIncident(key)
    }
  }

  private async runIncident(key: string) {
    try {
      for (;;) {
        const queue = this.queues.get(key)
        const job = queue?.[0]
        if (!queue || !job) return
        const attempt = this.attempts.get(key) ?? 0
        const send = () => this.signal(job)
        const outcome = await (job.scope ? job.scope.runInAsyncScope(send) : send()).catch(
          (): SignalOutcome => 'deferred'
        )
        this.o.onOutcome?.(job, outcome, attempt)
        if (this.stopped) return
        if (outcome === 'deferred') {
          // Keep the incident's order: retry the head, later messages wait; the slot goes to other incidents meanwhile.
          this.attempts.set(key, attempt + 1)
          setTimeout(
            () => {
              if (!this.stopped && this.queues.get(key) === queue) {
                this.ready.push(key)
                this.pump()
              }
            },
            this.retryMs(attempt + 1)
          ).unref()
          return
        }
        this.attempts.delete(key)
        queue.shift()
        this.pending--
        this.settle()
        if (queue.length === 0) {
          this.queues.delete(key)
          return
        }
      }
    } finally {
      this.running--
      this.pump()
    }
  }

  private settle() {
    while (this.pending < this.maxPending && this.room.length > 0) this.room.shift()!()
    if (this.pending === 0) for (const resolve of this.idle.splice(0)) resolve()
  }
}
