import { inArray, and, eq, sql } from 'drizzle-orm'
import { inboundReceipts, type Database } from '@baton/db'

export type SignalledMarksOptions = {
  maxBatch?: number
  delayMs?: number
  onError?: (error: Error, receipts: number) => void
}

/**
 * Records, in batches, that receipts were signalled (signalled_at), once their signal landed.
 * Until the workflow applies a receipt it stays RECORDED, and the sweeper re-signals RECORDED
 * receipts whose last signal is older than its threshold: without the mark, every receipt of a
 * backlog was signalled again on each sweep, adding Temporal signals where they were already
 * the bottleneck. One UPDATE per batch (at most `maxBatch` receipts or `delayMs` old); a lost
 * batch (crash, store away) costs only a harmless re-signal, as the workflow drops repeats.
 */
export class SignalledMarks {
  private batch: string[] = []
  private timer: NodeJS.Timeout | null = null
  private writing: Promise<void> = Promise.resolve()
  private readonly maxBatch: number
  private readonly delayMs: number

  constructor(
    private readonly write: (receipts: string[]) => Promise<unknown>,
    private readonly o: SignalledMarksOptions = {}
  ) {
    this.maxBatch = o.maxBatch ?? 500
    this.delayMs = o.delayMs ?? 200
  }

  add(receipt: string): void {
    this.batch.push(receipt)
    if (this.batch.length >= this.maxBatch) void this.flush()
    else if (!this.timer) {
      this.timer = setTimeout(() => void this.flush(), this.delayMs)
      this.timer.unref()
    }
  }

  /** Writes what is waiting; resolves when every batch so far is written (or reported failed). */
  flush(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer)
      this.timer = null
    }
    const receipts = this.batch
    this.batch = []
    if (receipts.length > 0) {
      this.writing = this.writing
        .then(() => this.write(receipts))
        .then(
          () => {},
          (error: Error) => this.o.onError?.(error, receipts.length)
        )
    }
    return this.writing
  }
}

/** The UPDATE behind SignalledMarks: applied receipts are left as they are. */
export const markSignalled = (db: Database) => (receipts: string[]) =>
  db
    .update(inboundReceipts)
    .set({ signalledAt: sql`now()` })
    .where(and(inArray(inboundReceipts.receipt, receipts), eq(inboundReceipts.status, 'RECORDED')))
