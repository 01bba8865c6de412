import { measureBetween } from '../calendar/measure-time.ts'
import type { OpenIntervalSource } from '../calendar/open-intervals.ts'
import { wallClockSource } from '../calendar/open-intervals.ts'
import type { AccountableSpan } from './accountability.ts'
import type { ClockView } from './clock-view.ts'

export type Breach = {
  clockId: string
  agreement: ClockView['agreement']
  metric: ClockView['metric']
  party: string
  breachedAt: string
  attributedTo: string | null
  handoffId: string | null
}
export type PartyConsumption = {
  party: string
  /** ms of the end-to-end budget consumed while this party was accountable */
  endToEndMs: number
  endToEndPercent: number
  /** this party's own UC and OLA clocks: consumed / target */
  ownClocks: Array<{
    clockId: string
    metric: ClockView['metric']
    agreement: string
    elapsedMs: number
    targetMs: number
    percent: number
    state: ClockView['state']
  }>
}
export type Attribution = { breaches: Breach[]; parties: PartyConsumption[] }

const pct = (a: number, b: number) => (b > 0 ? Math.round((a / b) * 10_000) / 100 : 0)

/**
 * Every breach with the party accountable when its budget ran out, and each party's share of
 * the end-to-end budget (measured on the SLA clock's own time: wall clock unless given) and of its own budgets.
 */
export function attributeBreaches(
  clocks: readonly ClockView[],
  accountability: readonly AccountableSpan[],
  now: Date,
  endToEndSource: OpenIntervalSource = wallClockSource
): Attribution {
  const breaches: Breach[] = clocks
    .filter((c) => c.breachedAt !== null)
    .map((c) => ({
      clockId: c.id,
      agreement: c.agreement,
      metric: c.metric,
      party: c.party,
      breachedAt: c.breachedAt ?? '',
      attributedTo: c.attributedTo,
      handoffId: c.handoffId,
    }))
    .sort((a, b) => a.breachedAt.localeCompare(b.breachedAt))
  const sla = clocks.find((c) => c.agreement.kind === 'SLA' && c.metric === 'RESOLUTION')
  const end = Math.min(now.getTime(), sla?.stoppedAt ? Date.parse(sla.stoppedAt) : Infinity)
  const parties = [
    ...new Set([
      ...accountability.map((a) => a.party),
      ...clocks.filter((c) => c.agreement.kind !== 'SLA').map((c) => c.party),
    ]),
  ]
  return {
    breaches,
    parties: parties.map((party) => {
      const endToEndMs = accountability
        .filter((a) => a.party === party)
        .reduce((sum, a) => sum + measureBetween(endToEndSource, a.from, Math.min(a.to, end)), 0)
      return {
        party,
        endToEndMs,
        endToEndPercent: pct(endToEndMs, sla?.targetMs ?? 0),
        ownClocks: clocks
          .filter((c) => c.party === party && c.agreement.kind !== 'SLA')
          .map((c) => ({
            clockId: c.id,
            metric: c.metric,
            agreement: c.agreement.slug,
            elapsedMs: c.elapsedMs,
            targetMs: c.targetMs,
            percent: pct(c.elapsedMs, c.targetMs),
            state: c.state,
          })),
      }
    }),
  }
}
