import { z } from 'zod'

/**
 * A simulated incident clock as the workflow carries it (and persists it in the incident's
 * projection state): the incident's time was `origin` at the real instant `realOrigin` and runs
 * `speed` times as fast as real time, plus whatever `advanceClock` skipped (`advancedMs`).
 */
export const SimulatedClockState = z.object({
  origin: z.iso.datetime({ offset: true }),
  realOrigin: z.iso.datetime({ offset: true }),
  speed: z.number().positive(),
  advancedMs: z.number().nonnegative().default(0),
})
export type SimulatedClockState = z.infer<typeof SimulatedClockState>

/** The incident's own instant (ms) at the real instant `realNowMs`. */
export function simulatedNowMs(
  clock: Pick<SimulatedClockState, 'origin' | 'realOrigin' | 'speed' | 'advancedMs'>,
  realNowMs: number
): number {
  return (
    Date.parse(clock.origin) +
    (realNowMs - Date.parse(clock.realOrigin)) * clock.speed +
    clock.advancedMs
  )
}
