import type { IntakeCountDelta } from '@baton/db'

export type IntakeCounter =
  'accepted' | 'duplicates' | 'refused' | 'unauthenticated' | 'rateLimited'

const zero = (): Record<IntakeCounter, number> => ({
  accepted: 0,
  duplicates: 0,
  refused: 0,
  unauthenticated: 0,
  rateLimited: 0,
})
const HOUR_MS = 3600_000

/**
 * Per-process intake counters per party: totals since the process started (the admin health
 * route) and what was counted since the last `drain`, per hour, which the adapters flush into
 * intake_counts (services/adapters/src/app/flush-intake-counts.ts) for the duplicate rate that
 * every replica's counts make up.
 */
export class IntakeStats {
  private readonly byParty = new Map<string, Record<IntakeCounter, number>>()
  private pending = new Map<string, IntakeCountDelta>()

  constructor(private readonly now: () => number = Date.now) {}

  count(party: string, counter: IntakeCounter) {
    const c = this.byParty.get(party) ?? zero()
    c[counter] += 1
    if (this.byParty.size < 10_000 || this.byParty.has(party)) this.byParty.set(party, c)
    const hour = Math.floor(this.now() / HOUR_MS) * HOUR_MS
    const key = `${party}\u0000${hour}`
    const delta = this.pending.get(key) ?? { party, hour: new Date(hour), ...zero() }
    delta[counter] += 1
    if (this.pending.size < 10_000 || this.pending.has(key)) this.pending.set(key, delta)
  }

  of(party: string) {
    const c = this.byParty.get(party) ?? zero()
    const seen = c.accepted + c.duplicates
    return { ...c, duplicateRate: seen === 0 ? 0 : c.duplicates / seen }
  }

  /** What was counted since the last drain, per party and hour; the counters start again. */
  drain(): IntakeCountDelta[] {
    const out = [...this.pending.values()]
    this.pending = new Map()
    return out
  }

  /** Puts drained counts back (a flush that failed), to be added again by the next one. */
  restore(deltas: readonly IntakeCountDelta[]) {
    for (const d of deltas) {
      const key = `${d.party}\u0000${d.hour.getTime()}`
      const kept = this.pending.get(key)
      if (!kept) this.pending.set(key, { ...d })
      else for (const k of Object.keys(zero()) as IntakeCounter[]) kept[k] += d[k]
    }
  }
}
