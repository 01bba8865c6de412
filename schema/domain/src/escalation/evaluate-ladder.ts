import type { Priority } from '../events/incident-event.ts'
import type { IncidentState, ResponseCycle } from '../custody/incident-state.ts'
import type { ClockView } from '../clocks/clock-view.ts'
import type { LadderConfig, World } from '../world/world.ts'
import { parseIsoDuration } from '../agreements/iso-duration.ts'
import { addBusinessTime } from '../calendar/business-time.ts'
import { measureAdd, unionSource } from '../calendar/measure-time.ts'
import { calendarSource } from '../calendar/open-intervals.ts'
import { deskCalendar } from '../agreements/world-lookup.ts'
import { chooseDesk, desksFor } from '../desks/choose-desk.ts'
import { resolveTargets, type LadderRecipient } from './ladder-recipients.ts'

export type LadderStepInstance = {
  /** stable: ladder:<party>:<cycle>:<step>:<repeat>; fires once */
  key: string
  party: string
  cycle: number
  handoffId: string | null
  step: number
  repeat: number
  at: string
  condition: 'always' | 'unaccepted' | 'unacknowledged'
  reason: string
  recipients: LadderRecipient[]
}
export type LadderEvaluation = { due: LadderStepInstance[]; nextWakeAt: Date | null }

/**
 * How an `afterBusiness` step counts business time. 'cycle-desk' (the default, what running
 * workflows were built with): on the calendar of the desk chosen when the ask started.
 * 'follow-the-sun': on the party's business time, open whenever any desk taking the priority
 * is, so a step due after the first desk closed fires on the next desk's shift, to that desk.
 */
export type AfterBusinessMode = 'cycle-desk' | 'follow-the-sun'
export type LadderOptions = { afterBusiness?: AfterBusinessMode }

function afterBusinessAt(
  world: World,
  party: string,
  priority: Priority,
  startedAt: Date,
  durationMs: number,
  mode: AfterBusinessMode
): Date | null {
  if (mode === 'cycle-desk') {
    const desk = chooseDesk(world, party, priority, startedAt)
    return desk ? addBusinessTime(startedAt, durationMs, desk.calendar) : null
  }
  const source = unionSource(
    desksFor(world, party, priority).map((d) => calendarSource(deskCalendar(world, d)))
  )
  const at = measureAdd(source, startedAt.getTime(), durationMs)
  return at === undefined ? null : new Date(at)
}

export const ladderFor = (
  world: World,
  party: string,
  priority: Priority
): LadderConfig | undefined =>
  world.ladders.find((l) => l.party === party && l.priority.includes(priority))

// A percent of a clock's target: the threshold's instant when it is one of the clock's warnAt,
// the breach for 100 %; otherwise unknown (the workflow re-evaluates at every warning anyway).
function percentInstant(clock: ClockView, percent: number): Date | null {
  const t =
    clock.thresholds.find((x) => x.percent === percent)?.at ??
    (percent >= 100 ? (clock.breachedAt ?? clock.deadline) : null)
  return t ? new Date(t) : null
}

/** The instants a cycle's steps (with repeats) fall due; null when a step has no computable time yet. */
export function stepSchedule(
  world: World,
  ladder: LadderConfig,
  priority: Priority,
  startedAt: Date,
  clocks: readonly ClockView[],
  cycle: ResponseCycle | null,
  options: LadderOptions = {}
) {
  const out: Array<{
    step: number
    repeat: number
    at: Date | null
    spec: LadderConfig['steps'][number]
  }> = []
  ladder.steps.forEach((spec, i) => {
    let first: Date | null
    if (spec.afterBusiness) {
      first = afterBusinessAt(
        world,
        ladder.party,
        priority,
        startedAt,
        parseIsoDuration(spec.afterBusiness, 'afterBusiness'),
        options.afterBusiness ?? 'cycle-desk'
      )
    } else if (spec.atPercent) {
      const { metric, percent } = spec.atPercent
      const clock = clocks.find(
        (c) =>
          c.party === ladder.party && c.metric === metric && (!cycle || c.cycle === cycle.cycle)
      )
      first = clock ? percentInstant(clock, percent) : null
    } else {
      first = new Date(startedAt.getTime() + parseIsoDuration(spec.after ?? 'PT0S', 'after'))
    }
    out.push({ step: i + 1, repeat: 0, at: first, spec })
    if (first && spec.repeat)
      for (let r = 1; r <= spec.repeat.times; r++)
        out.push({
          step: i + 1,
          repeat: r,
          at: new Date(first.getTime() + r * parseIsoDuration(spec.repeat.every, 'repeat.every')),
          spec,
        })
  })
  return out
}

/**
 * The ladder steps due as of `now` for every ask to act (declaration holder, each offer), and
 * the next instant one falls due. A conditional step is skipped once its condition is moot
 * (the offer answered, the incident acknowledged); every step is skipped once the ask ended.
 */
export function evaluateLadder(
  input: { world: World; state: IncidentState; clocks: readonly ClockView[] } & LadderOptions,
  now: Date
): LadderEvaluation {
  const { world, state } = input
  const due: LadderStepInstance[] = []
  let next: number = Infinity
  const resolvedAt =
    state.status === 'RESOLVED' || state.status === 'CLOSED'
      ? Date.parse(state.resolvedAt ?? state.lastEventAt)
      : Infinity
  for (const cycle of state.responseCycles) {
    const ladder = ladderFor(world, cycle.party, state.priority)
    if (!ladder) continue
    const ended = Math.min(cycle.endedAt ? Date.parse(cycle.endedAt) : Infinity, resolvedAt)
    for (const s of stepSchedule(
      world,
      ladder,
      state.priority,
      new Date(cycle.startedAt),
      input.clocks,
      cycle,
      { afterBusiness: input.afterBusiness ?? 'cycle-desk' }
    )) {
      if (!s.at) continue
      const at = s.at.getTime()
      if (at >= ended && !(at === Date.parse(cycle.startedAt) && s.spec.when === 'always')) continue
      if (at > now.getTime()) {
        next = Math.min(next, at)
        continue
      }
      const reason = `${cycle.handoffId ? `hand-off ${cycle.handoffId} to ${cycle.party}` : `${cycle.party} asked to act`}: ladder step ${s.step}${s.repeat ? ` (repeat ${s.repeat})` : ''}${s.spec.when !== 'always' ? `, still ${s.spec.when}` : ''}`
      due.push({
        key: `ladder:${cycle.party}:${cycle.cycle}:${s.step}:${s.repeat}`,
        party: cycle.party,
        cycle: cycle.cycle,
        handoffId: cycle.handoffId ?? null,
        step: s.step,
        repeat: s.repeat,
        at: s.at.toISOString(),
        condition: s.spec.when,
        reason,
        recipients: resolveTargets(world, cycle.party, state.priority, s.spec.targets, s.at),
      })
    }
  }
  due.sort((a, b) => a.at.localeCompare(b.at) || a.key.localeCompare(b.key))
  return { due, nextWakeAt: Number.isFinite(next) ? new Date(next) : null }
}
