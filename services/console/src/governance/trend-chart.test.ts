import { describe, expect, it } from 'vitest'
import { niceMax, trendHasData, trendLayout, trendPoints } from './trend-chart.ts'

describe('the 12-month trend chart', () => {
  it('rounds the credits axis up to 1, 2 or 5 times a power of ten', () => {
    expect(niceMax(0)).toBe(1)
    expect(niceMax(2400)).toBe(5000)
    expect(niceMax(6400)).toBe(10000)
    expect(niceMax(2000)).toBe(2000)
    expect(niceMax(0.3)).toBe(0.5)
  })

  it('sums credits and averages attainment per month over the agreements with clocks', () => {
    const pts = trendPoints(
      ['2026-02', '2026-03'],
      [
        { month: '2026-03', attainment: 50, total: 2400 },
        { month: '2026-03', attainment: null, total: 4000 },
        { month: '2026-03', attainment: 100, total: 0 },
      ]
    )
    expect(pts).toEqual([
      { month: '2026-02', credits: 0, attainment: null },
      { month: '2026-03', credits: 6400, attainment: 75 },
    ])
  })

  it('has nothing to draw only when no month had clocks under credit terms nor credits owed', () => {
    const empty = trendPoints(['2026-02', '2026-03'], [])
    expect(trendHasData(empty)).toBe(false)
    expect(
      trendHasData(trendPoints(['2026-03'], [{ month: '2026-03', attainment: 0, total: 0 }]))
    ).toBe(true)
    expect(
      trendHasData(trendPoints(['2026-03'], [{ month: '2026-03', attainment: null, total: 10 }]))
    ).toBe(true)
  })

  it('places one column per month, bars scaled to the axis top, and breaks the line at months without clocks', () => {
    const l = trendLayout(
      [
        { month: '2026-01', attainment: 100, credits: 0 },
        { month: '2026-02', attainment: null, credits: 0 },
        { month: '2026-03', attainment: 50, credits: 2500 },
        { month: '2026-04', attainment: 0, credits: 5000 },
      ],
      444,
      200
    )
    expect(l.columns.map((c) => c.x)).toEqual([93, 191, 289, 387])
    expect(l.creditsMax).toBe(5000)
    const { credits, attainment } = l.panels
    expect(l.columns[0]!.bar.h).toBe(0)
    expect(l.columns[3]!.bar).toMatchObject({ y: credits.top, h: credits.bottom - credits.top })
    expect(l.columns[2]!.bar.h).toBeCloseTo((credits.bottom - credits.top) / 2)
    // 100 % at the panel's top, 0 % at its bottom; a new sub-path (M) after the gap.
    expect(l.dots.map((d) => d.y)).toEqual([
      attainment.top,
      (attainment.top + attainment.bottom) / 2,
      attainment.bottom,
    ])
    expect(l.linePath.match(/[ML]/g)).toEqual(['M', 'M', 'L'])
    expect(attainment.bottom).toBeLessThan(credits.top)
  })
})
