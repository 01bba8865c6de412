import { describe, expect, it } from 'vitest'
import { monthOf, monthRange, monthsBetween, previousPeriod, quarterOf, weekOf } from './period.ts'

describe('reporting periods (UTC)', () => {
  it.each([
    ['2026-03-07T00:00:00Z', '2026-03'],
    ['2026-03-31T23:59:59.999Z', '2026-03'],
    ['2026-04-01T03:00:00+05:30', '2026-03'], // 21:30 UTC on 31 March
  ])('puts %s in month %s', (iso, month) => expect(monthOf(iso)).toBe(month))

  it('spans months, quarters and weeks', () => {
    expect(monthRange('2026-12')).toEqual({
      from: '2026-12-01T00:00:00.000Z',
      to: '2027-01-01T00:00:00.000Z',
    })
    expect(monthsBetween('2026-01-15T00:00:00Z', '2026-04-01T00:00:00Z')).toEqual([
      '2026-01',
      '2026-02',
      '2026-03',
    ])
    expect(quarterOf('2026-03-06T20:00:00Z')).toEqual({
      label: '2026-Q1',
      from: '2026-01-01T00:00:00.000Z',
      to: '2026-04-01T00:00:00.000Z',
    })
    expect(weekOf('2026-03-08T12:00:00Z')).toEqual({
      from: '2026-03-02T00:00:00.000Z',
      to: '2026-03-09T00:00:00.000Z',
    })
  })

  it.each([
    [
      'weekly',
      '2026-03-09T06:00:00Z',
      {
        label: 'week of 2026-03-02',
        from: '2026-03-02T00:00:00.000Z',
        to: '2026-03-09T00:00:00.000Z',
      },
    ],
    [
      'monthly',
      '2026-04-01T06:00:00Z',
      { label: '2026-03', from: '2026-03-01T00:00:00.000Z', to: '2026-04-01T00:00:00.000Z' },
    ],
    [
      'quarterly',
      '2026-04-01T06:00:00Z',
      { label: '2026-Q1', from: '2026-01-01T00:00:00.000Z', to: '2026-04-01T00:00:00.000Z' },
    ],
  ] as const)('a %s schedule firing at %s reports on the period before', (kind, at, expected) =>
    expect(previousPeriod(kind, at)).toEqual(expected)
  )

  it('refuses a malformed month', () => expect(() => monthRange('2026-3')).toThrow(RangeError))
})
