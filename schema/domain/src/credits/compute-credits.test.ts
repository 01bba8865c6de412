import { describe, expect, it } from 'vitest'
import { AgreementConfig } from '../world/world.ts'
import type { ClockView } from '../clocks/clock-view.ts'
import { computeCredits } from './compute-credits.ts'

const agreement = (credits: Record<string, unknown>) =>
  AgreementConfig.parse({
    slug: 'acme-uc',
    name: 'Acme',
    kind: 'UC',
    effectiveFrom: '2026-01-01T00:00:00Z',
    provider: 'acme',
    targets: [{ priority: ['P1'], metric: 'RESPONSE', duration: 'PT15M' }],
    credits,
  })
let n = 0
const clock = (over: Partial<ClockView>): ClockView => ({
  id: `c${++n}`,
  agreement: { slug: 'acme-uc', version: 1, kind: 'UC', name: 'Acme' },
  party: 'acme',
  priority: 'P1',
  metric: 'RESPONSE',
  targetMs: 900_000,
  elapsedMs: 1_000_000,
  remainingMs: 0,
  deadline: null,
  state: 'BREACHED',
  breachedAt: '2026-03-06T20:35:00.000Z',
  attributedTo: 'acme',
  handoffId: null,
  cycle: 1,
  warnAt: [50, 75, 90],
  warningsCrossed: [50, 75, 90],
  nextWarningAt: null,
  thresholds: [],
  calendar: 'wall-clock',
  timeZone: 'UTC',
  startedAt: '2026-03-06T20:20:00.000Z',
  stoppedAt: null,
  ...over,
})

describe('computeCredits', () => {
  it('charges a percent of the monthly fee per breach and caps the month', () => {
    const a = agreement({
      monthlyFee: 10_000,
      perBreach: [{ metric: 'RESPONSE', percent: 4 }],
      monthlyCapPercent: 10,
    })
    const s = computeCredits(a, [clock({}), clock({}), clock({})])
    expect(s).toMatchObject({ perBreachTotal: 1200, cap: 1000, owed: 1000, total: 1000 })
  })

  it('excludes breaches attributed to another party or to the retained organisation', () => {
    const a = agreement({ monthlyFee: 10_000, perBreach: [{ metric: 'RESPONSE', fixed: 250 }] })
    const s = computeCredits(a, [
      clock({}),
      clock({ attributedTo: 'northwind' }),
      clock({ attributedTo: 'other-vendor' }),
    ])
    expect(s?.lines.map((l) => l.amount)).toEqual([250])
    expect(s?.excluded.map((e) => e.reason)).toEqual([
      'RESPONSE acme-uc breach attributed to northwind, not acme',
      'RESPONSE acme-uc breach attributed to other-vendor, not acme',
    ])
  })

  it('counts a breach regardless of attribution when the rule says so', () => {
    const a = agreement({
      monthlyFee: 10_000,
      perBreach: [{ metric: 'RESPONSE', percent: 1, attributedToProvider: false }],
    })
    expect(computeCredits(a, [clock({ attributedTo: 'northwind' })])?.total).toBe(100)
  })

  it('adds a band credit by attainment of its own clocks', () => {
    const a = agreement({
      monthlyFee: 10_000,
      perBreach: [],
      bands: [
        { minAttainment: 95, percent: 0 },
        { minAttainment: 80, percent: 5 },
        { minAttainment: 0, percent: 10 },
      ],
    })
    const met = (k: number) =>
      Array.from({ length: k }, () => clock({ state: 'MET', breachedAt: null }))
    expect(computeCredits(a, [...met(9), clock({})])).toMatchObject({
      attainment: 90,
      bandCredit: 500,
      total: 500,
    })
    expect(computeCredits(a, [...met(19), clock({})])).toMatchObject({
      attainment: 95,
      bandCredit: 0,
      total: 0,
    })
  })

  it('earns credits back after enough good periods, not before', () => {
    const a = agreement({
      monthlyFee: 10_000,
      perBreach: [{ metric: 'RESPONSE', percent: 2 }],
      earnBack: { periods: 2, minAttainment: 99 },
    })
    expect(computeCredits(a, [clock({})], { laterAttainments: [99.5, 100] })).toMatchObject({
      owed: 200,
      earnedBack: 200,
      total: 0,
    })
    expect(computeCredits(a, [clock({})], { laterAttainments: [99.5, 98] })).toMatchObject({
      owed: 200,
      earnedBack: 0,
      total: 200,
    })
    expect(computeCredits(a, [clock({})], { laterAttainments: [100] })?.total).toBe(200)
  })

  it('filters rules by priority and returns undefined without a credit schedule', () => {
    const a = agreement({
      monthlyFee: 10_000,
      perBreach: [{ priority: ['P2'], metric: 'RESPONSE', percent: 2 }],
    })
    expect(computeCredits(a, [clock({})])?.total).toBe(0)
    expect(
      computeCredits(
        AgreementConfig.parse({
          slug: 'x',
          name: 'x',
          kind: 'UC',
          effectiveFrom: '2026-01-01T00:00:00Z',
          provider: 'acme',
          targets: [{ priority: ['P1'], metric: 'RESPONSE', duration: 'PT1H' }],
        }),
        []
      )
    ).toBeUndefined()
  })
})
