import type { Priority } from '../events/incident-event.ts'
import type { World } from '../world/world.ts'
import { chooseDesk } from '../desks/choose-desk.ts'
import { ladderFor, stepSchedule, type LadderOptions } from './evaluate-ladder.ts'
import { localTimeOf, resolveTargets, type LadderRecipient } from './ladder-recipients.ts'

export type PlannedStep = {
  at: string
  step: number
  repeat: number
  party: string
  desk: string | null
  condition: string
  recipients: Array<LadderRecipient & { localTime: string }>
}

/**
 * The whole planned timeline if a party were asked to act at `start` and never answered:
 * every step and repeat, the desk follow-the-sun picks then, each recipient's local time. Pass
 * the same options as evaluateLadder so the plan is what the ladder will do.
 */
export function escalationPreview(
  world: World,
  party: string,
  priority: Priority,
  start: Date,
  options: LadderOptions = {}
): PlannedStep[] {
  const ladder = ladderFor(world, party, priority)
  if (!ladder) return []
  return stepSchedule(world, ladder, priority, start, [], null, options)
    .filter((s): s is typeof s & { at: Date } => s.at !== null)
    .sort((a, b) => a.at.getTime() - b.at.getTime() || a.step - b.step)
    .map((s) => ({
      at: s.at.toISOString(),
      step: s.step,
      repeat: s.repeat,
      party,
      desk: chooseDesk(world, party, priority, s.at)?.desk.slug ?? null,
      condition: s.spec.when,
      recipients: resolveTargets(world, party, priority, s.spec.targets, s.at).map((r) => ({
        ...r,
        localTime: localTimeOf(s.at, r.timeZone),
      })),
    }))
}
