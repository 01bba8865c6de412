import type { IncidentEvent, Priority } from '../events/incident-event.ts'
import type { ClockView } from '../clocks/clock-view.ts'
import type { World } from '../world/world.ts'
import type { MonthlyCreditStatement } from './monthly-credits.ts'

/** One incident as the scorecard reads it: its events, its pinned world and its authoritative clocks. */
export type ScorecardIncident = {
  id: string
  key: string
  priority: Priority
  events: IncidentEvent[]
  world: World
  /** the settled clocks once closed, else the live clocks as of the period's end */
  clocks: ClockView[]
  settled: boolean
}

export type IntegrationHealth = {
  received: number
  applied: number
  refused: number
  deadLettered: number
  pending: number
  duplicates: number | null
}
export type Attainment = { met: number; breached: number; percent: number | null }
export type AttributedBreach = {
  incidentKey: string
  clockId: string
  agreement: string
  kind: 'SLA' | 'UC' | 'OLA'
  metric: string
  clockParty: string
  breachedAt: string
}
export type MeanFigure = { count: number; meanMs: number | null }

export type Scorecard = {
  party: string
  partyName: string
  from: string
  to: string
  /** what business time is measured on: the party's desk calendar(s) */
  calendar: string
  incidents: { touched: number; held: number; resolvedByParty: number; open: number }
  /** time to acknowledge or accept, in the party's business time */
  mtta: MeanFigure
  /** the party's accountable time until resolution, in its business time (end-to-end for the retained organisation) */
  mttr: MeanFigure
  attainment: { SLA: Attainment; UC: Attainment; OLA: Attainment }
  breachesAttributed: AttributedBreach[]
  credits: {
    currency: string | null
    accrued: number
    earnedBack: number
    adjustments: number
    total: number
    statements: MonthlyCreditStatement[]
  }
  /** overdue: received offers whose acceptance OLA breached (or that expired) before an answer */
  handoffs: {
    offered: number
    received: number
    accepted: number
    rejected: number
    overdue: number
    meanTimeToAcceptMs: number | null
    bounceBacks: number
  }
  /** percentages 0..100, null without a denominator */
  reopenRate: number | null
  firstTimeFixRate: number | null
  timeHeld: {
    totalMs: number
    workingMs: number
    waiting: Array<{ reason: string; ms: number; share: number }>
  }
  integration: IntegrationHealth
}

export type ScorecardInput = {
  party: string
  from: string
  to: string
  /** the world now (names, desks): each incident still carries its own pinned world */
  world: World
  incidents: readonly ScorecardIncident[]
  credits: readonly MonthlyCreditStatement[]
  integration: IntegrationHealth
}
