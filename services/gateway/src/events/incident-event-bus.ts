import { Repeater, SlidingBuffer } from 'graphql-yoga'
import type { Logger } from 'pino'
import type { DbHandle } from '@baton/db'
import { z } from 'zod'

export const LEDGER_CHANNEL = 'baton_ledger'
const LedgerNotice = z.object({ incidentId: z.string(), seq: z.number().int(), type: z.string() })
export type LedgerNotice = z.infer<typeof LedgerNotice>

export type IncidentEventBus = {
  /** Every ledger entry committed from now on, until the consumer stops. */
  subscribe(): AsyncIterableIterator<LedgerNotice>
  close(): Promise<void>
}

/**
 * One LISTEN connection per gateway process, fanned out to subscribers in memory. It starts with
 * the first subscriber; replicas each LISTEN, so every replica serves its own SSE clients.
 */
export function createIncidentEventBus(sql: DbHandle['sql'], logger: Logger): IncidentEventBus {
  const listeners = new Set<(n: LedgerNotice) => void>()
  let listening: Promise<{ unlisten: () => Promise<void> }> | null = null
  const start = () =>
    (listening ??= sql
      .listen(LEDGER_CHANNEL, (payload) => {
        let notice: LedgerNotice
        try {
          notice = LedgerNotice.parse(JSON.parse(payload))
        } catch (error) {
          logger.warn({ err: error }, 'ignoring a malformed ledger notification')
          return
        }
        for (const l of listeners) l(notice)
      })
      .catch((error: unknown) => {
        listening = null
        throw error
      }))

  return {
    subscribe() {
      return new Repeater<LedgerNotice>(async (push, stop) => {
        const listener = (n: LedgerNotice) => {
          void push(n)
        }
        listeners.add(listener)
        try {
          await start()
        } catch (error) {
          listeners.delete(listener)
          stop(error)
          return
        }
        await stop
        listeners.delete(listener)
      }, new SlidingBuffer(1000))
    },
    async close() {
      const l = listening
      listening = null
      listeners.clear()
      if (l) await (await l).unlisten().catch(() => {})
    },
  }
}
