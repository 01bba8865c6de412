import type { Scorecard } from '../scorecards/scorecard.ts'

export type ReviewPackKind = 'weekly' | 'monthly' | 'quarterly'
export type ReviewPackChart = { name: string; svg: string }
/** One rendered pack: Markdown (charts inline), CSV, and the charts as separate SVG files. */
export type ReviewPack = {
  kind: ReviewPackKind
  party: string | null
  periodLabel: string
  from: string
  to: string
  title: string
  markdown: string
  csv: string
  charts: ReviewPackChart[]
}

export type TrendPoint = {
  month: string
  attainment: { UC: number | null; OLA: number | null; SLA: number | null }
  credits: number
}
export type TimeHeld = { party: string; ms: number }

export type MonthlyPackInput = {
  scorecard: Scorecard
  trend: readonly TrendPoint[]
  timeHeld: readonly TimeHeld[]
  generatedAt: string
}

export type WeeklyPackInput = {
  from: string
  to: string
  generatedAt: string
  openIncidents: ReadonlyArray<{
    key: string
    title: string
    priority: string
    status: string
    holder: string
    openedAt: string
  }>
  breaches: ReadonlyArray<{
    incidentKey: string
    clockId: string
    agreement: string
    metric: string
    party: string
    attributedTo: string | null
    breachedAt: string
  }>
  handoffDelays: ReadonlyArray<{
    incidentKey: string
    handoffId: string
    from: string
    to: string
    offeredAt: string
    respondedAt: string | null
    state: string
    delayMs: number
    overdue: boolean
  }>
  timeHeld: readonly TimeHeld[]
}

export type QuarterlyPackInput = {
  label: string
  from: string
  to: string
  generatedAt: string
  scorecards: readonly Scorecard[]
  trends: ReadonlyArray<{ party: string; points: readonly TrendPoint[] }>
}
