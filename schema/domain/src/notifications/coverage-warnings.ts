import type { Priority } from '../events/incident-event.ts'
import type { World } from '../world/world.ts'
import {
  COVERAGE_REFERENCE_WEEK,
  hourRanges,
  ladderCoverage,
  type CoverageReason,
} from './ladder-coverage.ts'

/** A ladder step target that reaches nobody at hours it used to cover (or that is new). */
export type CoverageWarning = {
  party: string
  priority: Priority
  step: number
  target: string
  reason: CoverageReason
  /** hours of the reference week (0 = Mon 00:00 UTC) newly without anyone */
  hours: number[]
  ranges: string[]
  /** one line, e.g. "vistula P1 step 2: role:duty-manager no-contact (Mon 00:00–24:00 UTC, …)" */
  message: string
}

type Hole = Omit<CoverageWarning, 'ranges' | 'message'>

function holesOf(world: World): Map<string, Hole> {
  const out = new Map<string, Hole>()
  const laddered = world.parties.filter((p) => world.ladders.some((l) => l.party === p.slug))
  for (const p of laddered)
    for (const s of ladderCoverage(world, p.slug))
      for (const h of s.holes) {
        out.set(`${s.party} ${s.priority} step ${s.step}: ${h.target} ${h.reason}`, {
          party: s.party,
          priority: s.priority,
          step: s.step,
          target: h.target,
          reason: h.reason,
          hours: h.hours,
        })
      }
  return out
}

/**
 * The escalation holes a world change opens: targets of ladder steps that reach nobody at hours of
 * the week they reached someone before (or at all, for new steps). Holes that were already there
 * are not repeated, so an admin sees only what the change did. `before` null: everything is new.
 */
export function coverageWarnings(before: World | null, after: World): CoverageWarning[] {
  const old = before ? holesOf(before) : new Map<string, Hole>()
  const warnings: CoverageWarning[] = []
  for (const [key, hole] of holesOf(after)) {
    const known = new Set<number>(old.get(key)?.hours ?? [])
    const hours = hole.hours.filter((h) => !known.has(h))
    if (hours.length === 0) continue
    const ranges = hourRanges(hours, new Date(COVERAGE_REFERENCE_WEEK))
    warnings.push({
      ...hole,
      hours,
      ranges,
      message: `${key} (${ranges.slice(0, 3).join(', ')}${ranges.length > 3 ? ', …' : ''})`,
    })
  }
  return warnings
}
