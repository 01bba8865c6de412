export type IntakeCounter =
  'accepted' | 'duplicates' | 'refused' | 'unauthenticated' | 'rateLimited'

/** Per-process intake counters per party, for the integration-health figures (duplicate rate). */
export class IntakeStats {
  private readonly byParty = new Map<string, Record<IntakeCounter, number>>()

  count(party: string, counter: IntakeCounter) {
    const c = this.byParty.get(party) ?? {
      accepted: 0,
      duplicates: 0,
      refused: 0,
      unauthenticated: 0,
      rateLimited: 0,
    }
    c[counter] += 1
    if (this.byParty.size < 10_000 || this.byParty.has(party)) this.byParty.set(party, c)
  }

  of(party: string) {
    const c = this.byParty.get(party) ?? {
      accepted: 0,
      duplicates: 0,
      refused: 0,
      unauthenticated: 0,
      rateLimited: 0,
    }
    const seen = c.accepted + c.duplicates
    return { ...c, duplicateRate: seen === 0 ? 0 : c.duplicates / seen }
  }
}
