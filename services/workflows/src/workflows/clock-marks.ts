import type { ClockView } from '@baton/domain'

export type ClockMark = {
  key: string
  type: 'clock.breached' | 'clock.warning' | 'clock.met'
  at: string
  clock: ClockView
  percent?: number
}

/**
 * The clock facts not yet in the ledger: each breach, each warning threshold crossed and each
 * met target, once per clock (the key makes a repeat harmless across continue-as-new).
 */
export function newClockMarks(
  clocks: readonly ClockView[],
  recorded: ReadonlySet<string>,
  now: Date
): ClockMark[] {
  const marks: ClockMark[] = []
  const push = (m: ClockMark) => {
    if (!recorded.has(m.key)) marks.push(m)
  }
  for (const c of clocks) {
    if (c.state === 'BREACHED' && c.breachedAt)
      push({ key: `${c.id}:breached`, type: 'clock.breached', at: c.breachedAt, clock: c })
    if (c.state === 'MET' && c.stoppedAt)
      push({ key: `${c.id}:met`, type: 'clock.met', at: c.stoppedAt, clock: c })
    for (const percent of c.warningsCrossed) {
      if (c.state === 'BREACHED' && percent === 100) continue
      push({
        key: `${c.id}:warn${percent}`,
        type: 'clock.warning',
        at: now.toISOString(),
        clock: c,
        percent,
      })
    }
  }
  return marks.sort((a, b) => a.at.localeCompare(b.at))
}
