import type { Logger } from 'pino'
import { addIntakeCounts, type Database } from '@baton/db'
import type { IntakeStats } from '../webhooks/intake/intake-stats.ts'

/**
 * Adds this replica's intake counts to intake_counts every `everyMs` (and once more on stop), so
 * the integration health's duplicate rate counts every replica. A failed flush keeps its counts
 * for the next one; a crash loses at most one interval's counts, which are figures, not messages.
 */
export function flushIntakeCounts(o: {
  db: Database
  stats: IntakeStats
  logger: Logger
  everyMs?: number
}): { flush: () => Promise<void>; stop: () => Promise<void> } {
  let running: Promise<void> = Promise.resolve()
  const flush = () =>
    (running = running.then(async () => {
      const deltas = o.stats.drain()
      try {
        await addIntakeCounts(o.db, deltas)
      } catch (error) {
        o.stats.restore(deltas)
        o.logger.warn(
          { err: (error as Error).message },
          'intake counts not flushed; kept for the next flush'
        )
      }
    }))
  const timer = setInterval(() => void flush(), o.everyMs ?? 10_000)
  timer.unref()
  return {
    flush,
    stop: async () => {
      clearInterval(timer)
      await flush()
    },
  }
}
