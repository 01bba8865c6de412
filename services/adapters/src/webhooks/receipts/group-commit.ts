import { isStoreUnavailable } from '../../app/service-error.ts'
import type { ReceiptInput, RecordOutcome } from './receipt-statement.ts'

export type RecordBatch = (inputs: readonly ReceiptInput[]) => Promise<RecordOutcome[]>
/** onBatch: called with the row count of every statement written (figures, tests). */
export type BatcherOptions = {
  maxBatch?: number
  maxInFlight?: number
  onBatch?: (size: number) => void
}

type Waiter = {
  input: ReceiptInput
  resolve: (o: RecordOutcome) => void
  reject: (e: unknown) => void
  then?: (o: RecordOutcome) => void
}

/**
 * Group commit for receipts: messages that arrive while a batch is in flight are written together
 * by the next one (one statement, one commit). One batch at a time by default, so receipts commit
 * (and their signals queue) in receipt-id order, the order the sweeper uses too. Each caller gets
 * its own row's outcome. A failed batch is retried row by row, so one bad row fails only itself;
 * a store outage fails every row at once (503s), without the row-by-row retry.
 */
export class ReceiptBatcher {
  private queue: Waiter[] = []
  private inFlight = 0
  private scheduled = false
  private readonly maxBatch: number
  private readonly maxInFlight: number

  constructor(
    private readonly write: RecordBatch,
    private readonly o: BatcherOptions = {}
  ) {
    this.maxBatch = o.maxBatch ?? 200
    this.maxInFlight = o.maxInFlight ?? 1
  }

  /**
   * Records one message; resolves once its batch committed. `then` runs synchronously, before any
   * caller of the batch resumes, in row (receipt) order: the place to queue work that must keep
   * commit order.
   */
  record(input: ReceiptInput, then?: (o: RecordOutcome) => void): Promise<RecordOutcome> {
    return new Promise((resolve, reject) => {
      this.queue.push({ input, resolve, reject, ...(then ? { then } : {}) })
      this.schedule()
    })
  }

  private schedule() {
    if (this.scheduled || this.inFlight >= this.maxInFlight || this.queue.length === 0) return
    this.scheduled = true
    // One tick lets the requests parsed in the same turn of the event loop join this batch.
    setImmediate(() => {
      this.scheduled = false
      this.flush()
    })
  }

  private flush() {
    while (this.inFlight < this.maxInFlight && this.queue.length > 0) {
      const batch = this.queue.splice(0, this.maxBatch)
      this.inFlight++
      void this.run(batch).finally(() => {
        this.inFlight--
        this.schedule()
      })
    }
  }

  private async run(batch: Waiter[]) {
    this.o.onBatch?.(batch.length)
    try {
      settle(batch, await this.write(batch.map((w) => w.input)))
    } catch (error) {
      if (batch.length === 1 || isStoreUnavailable(error)) {
        for (const w of batch) w.reject(error)
        return
      }
      for (const w of batch) {
        this.o.onBatch?.(1)
        try {
          settle([w], await this.write([w.input]))
        } catch (own) {
          w.reject(own)
        }
      }
    }
  }
}

function settle(batch: Waiter[], outcomes: RecordOutcome[]) {
  batch.forEach((w, i) => w.then?.(outcomes[i]!))
  batch.forEach((w, i) => w.resolve(outcomes[i]!))
}
