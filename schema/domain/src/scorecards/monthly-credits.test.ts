import { describe, expect, it } from 'vitest'
import type { AgreementConfig } from '../world/world.ts'
import { demoOutageEvents, demoWorld } from '../testing/demo-world.ts'
import { computeSettlement } from './settlement.ts'
import {
  computeMonthlyCredits,
  qualifiedClockId,
  sumStatements,
  type PeriodClock,
} from './monthly-credits.ts'

const agreement = (slug: string) => demoWorld.agreements.find((a) => a.slug === slug)!
const settled = computeSettlement({
  events: demoOutageEvents,
  world: demoWorld,
  closedAt: '2026-03-09T13:00:00Z',
})
const outage = (key: string, shiftDays = 0): PeriodClock[] =>
  settled.clocks.map((c) => ({
    ...c,
    incidentKey: key,
    breachedAt:
      c.breachedAt && new Date(Date.parse(c.breachedAt) + shiftDays * 86_400_000).toISOString(),
    stoppedAt:
      c.stoppedAt && new Date(Date.parse(c.stoppedAt) + shiftDays * 86_400_000).toISOString(),
  }))

describe('monthly credit statements', () => {
  it('charges Stratus USD 2,400 and Vistula USD 6,400 for March 2026', () => {
    const [stratus] = computeMonthlyCredits(agreement('stratus-hosting'), outage('INC-1'), {
      months: ['2026-03'],
    })
    const [vistula] = computeMonthlyCredits(agreement('vistula-application'), outage('INC-1'), {
      months: ['2026-03'],
    })
    expect(stratus).toMatchObject({
      month: '2026-03',
      party: 'stratus',
      owed: 2400,
      total: 2400,
      grossTotal: 2400,
      adjustments: [],
    })
    expect(vistula).toMatchObject({
      month: '2026-03',
      party: 'vistula',
      perBreachTotal: 6400,
      cap: 8000,
      total: 6400,
    })
    expect(vistula?.lines.map((l) => l.clockId)).toEqual([
      'INC-1#checkout-availability@1/RESOLUTION/northwind/1',
      'INC-1#handoff-acceptance@1/HANDOFF_ACCEPT/vistula/1',
    ])
  })

  it('buckets by the month of the breach and caps each month on its own', () => {
    // three outages in March (Vistula: 3 x 6,400 = 19,200, capped at 8,000), one in April
    const clocks = [
      ...outage('INC-1'),
      ...outage('INC-2', 1),
      ...outage('INC-3', 2),
      ...outage('INC-4', 31),
    ]
    const months = computeMonthlyCredits(agreement('vistula-application'), clocks, {
      months: ['2026-03', '2026-04'],
    })
    expect(months.map((m) => [m.month, m.perBreachTotal, m.owed])).toEqual([
      ['2026-03', 19200, 8000],
      ['2026-04', 6400, 6400],
    ])
    expect(sumStatements(months)).toEqual({
      accrued: 14400,
      earnedBack: 0,
      adjustments: 0,
      total: 14400,
    })
  })

  it('removes a disputed breach by exactly its amount, as an adjustment line', () => {
    const disputed = new Set([
      qualifiedClockId('INC-1', 'handoff-acceptance@1/HANDOFF_ACCEPT/vistula/1'),
    ])
    const [before] = computeMonthlyCredits(agreement('vistula-application'), outage('INC-1'), {
      months: ['2026-03'],
    })
    const [after] = computeMonthlyCredits(agreement('vistula-application'), outage('INC-1'), {
      months: ['2026-03'],
      disputed,
    })
    expect(before!.total - after!.total).toBe(2400)
    expect(after).toMatchObject({
      total: 4000,
      grossTotal: 6400,
      adjustments: [
        {
          incidentKey: 'INC-1',
          clockId: 'handoff-acceptance@1/HANDOFF_ACCEPT/vistula/1',
          amount: -2400,
        },
      ],
    })
    expect(after!.excluded.at(-1)?.reason).toBe('breach removed by an accepted dispute')
  })

  it('earns a month back after the agreed run of good later months', () => {
    const terms: AgreementConfig = {
      ...agreement('stratus-hosting'),
      credits: {
        ...agreement('stratus-hosting').credits!,
        earnBack: { periods: 2, minAttainment: 95 },
      },
    }
    const clocks = outage('INC-1')
    const met = (key: string, at: string): PeriodClock => ({
      ...clocks.find((c) => c.id === 'stratus-hosting@1/RESOLUTION/stratus/1')!,
      incidentKey: key,
      stoppedAt: at,
    })
    const good = computeMonthlyCredits(
      terms,
      [...clocks, met('INC-5', '2026-04-10T00:00:00Z'), met('INC-6', '2026-05-10T00:00:00Z')],
      { months: ['2026-03', '2026-04', '2026-05'] }
    )
    expect(good.map((m) => [m.month, m.owed, m.earnedBack, m.total])).toEqual([
      ['2026-03', 2400, 2400, 0],
      ['2026-04', 0, 0, 0],
      ['2026-05', 0, 0, 0],
    ])
    const tooSoon = computeMonthlyCredits(terms, clocks, { months: ['2026-03', '2026-04'] })
    expect(tooSoon[0]).toMatchObject({ owed: 2400, earnedBack: 0, total: 2400 })
  })

  it('owes nothing under an agreement without credit terms', () => {
    expect(
      computeMonthlyCredits(agreement('sentinel-monitoring'), outage('INC-1'), {
        months: ['2026-03'],
      })
    ).toEqual([])
  })
})
