import { calendarSource, wallClockSource } from '../calendar/open-intervals.ts'
import type { OpenIntervalSource } from '../calendar/open-intervals.ts'
import { unionSource } from '../calendar/measure-time.ts'
import type { Priority } from '../events/incident-event.ts'
import type { AgreementConfig, World } from '../world/world.ts'
import { chooseDesk, desksFor } from '../desks/choose-desk.ts'
import { deskCalendar, findCalendar, findDesk } from './world-lookup.ts'

/** What a clock measures on: the open intervals and a label for display and persistence. */
export type TargetMeasure = { source: OpenIntervalSource; calendar: string; timeZone: string }

export type MeasureContext = {
  /** the party whose clock this is (for an OLA: the receiving party) */
  party: string
  priority: Priority
  at: Date
  /** 'party/desk' the hand-off was offered to, when known */
  receivingDesk?: string | undefined
}

const WALL: TargetMeasure = { source: wallClockSource, calendar: 'wall-clock', timeZone: 'UTC' }

export function targetMeasure(
  world: World,
  target: AgreementConfig['targets'][number],
  ctx: MeasureContext
): TargetMeasure {
  if (target.wallClock) return WALL
  const on = target.measuredOn
  if ('calendar' in on) {
    const cal = findCalendar(world, on.calendar)
    return { source: calendarSource(cal), calendar: on.calendar, timeZone: cal.timeZone }
  }
  if ('desk' in on) return deskMeasure(world, on.desk)
  if ('receivingDesk' in on) {
    if (ctx.receivingDesk) return deskMeasure(world, ctx.receivingDesk)
    const choice = chooseDesk(world, ctx.party, ctx.priority, ctx.at)
    if (!choice) return WALL
    return {
      source: calendarSource(choice.calendar),
      calendar: `${ctx.party}/${choice.desk.slug}`,
      timeZone: choice.calendar.timeZone,
    }
  }
  // Follow-the-sun: the party is open whenever any desk taking this priority is.
  const desks = desksFor(world, on.followTheSun, ctx.priority)
  const cals = desks.map((d) => deskCalendar(world, d))
  if (cals.length === 0) return WALL
  return {
    source: unionSource(cals.map(calendarSource)),
    calendar: desks.map((d) => `${on.followTheSun}/${d.slug}`).join('+'),
    timeZone: cals[0]?.timeZone ?? 'UTC',
  }
}

function deskMeasure(world: World, ref: string): TargetMeasure {
  const { desk } = findDesk(world, ref)
  const cal = deskCalendar(world, desk)
  return { source: calendarSource(cal), calendar: ref, timeZone: cal.timeZone }
}
