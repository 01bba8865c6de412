import { describe, expect, it } from 'vitest'
import {
  cellRanges,
  coverageHeatmap,
  mondayOf,
  newHoles,
  type HeatDesk,
} from './coverage-heatmap.ts'

// Bayside Helpdesk of docs/scenario.md: follow-the-sun between Mexico City and Manila, both Mon–Fri 07:00–19:00 local.
const weekdays = ['mon', 'tue', 'wed', 'thu', 'fri'].map((day) => ({
  day,
  start: '07:00',
  end: '19:00',
}))
const mexicoCity: HeatDesk = {
  id: 'mx',
  name: 'Mexico City',
  priorities: ['P2', 'P3', 'P4'],
  is24x7: false,
  calendar: {
    timeZone: 'America/Mexico_City',
    windows: weekdays,
    holidays: ['2026-01-01', '2026-02-02', '2026-03-16', '2026-05-01'],
  },
}
const manila: HeatDesk = {
  id: 'mnl',
  name: 'Manila',
  priorities: ['P2', 'P3', 'P4'],
  is24x7: false,
  calendar: { timeZone: 'Asia/Manila', windows: weekdays, holidays: ['2026-04-02', '2026-04-03'] },
}
const cell = (map: ReturnType<typeof coverageHeatmap>, weekday: string, hour: number) =>
  map.days.find((d) => d.weekday === weekday)!.cells[hour]!

describe('the weekly coverage heatmap', () => {
  it('finds the Monday of any date', () => {
    expect(mondayOf('2026-03-06')).toBe('2026-03-02')
    expect(mondayOf('2026-03-02')).toBe('2026-03-02')
    expect(mondayOf('2026-03-08')).toBe('2026-03-02')
  })

  it("shows Bayside's P2 hours in UTC: Manila 23:00–11:00, Mexico City 13:00–01:00, a hole between", () => {
    const map = coverageHeatmap([mexicoCity, manila], 'P2', '2026-03-04', 'UTC')
    expect(map.desks.map((d) => d.name)).toEqual(['Mexico City', 'Manila'])
    expect(cell(map, 'tue', 2).open).toEqual(['mnl']) // Tue 10:00 in Manila
    expect(cell(map, 'tue', 14).open).toEqual(['mx']) // Tue 08:00 in Mexico City
    expect(cell(map, 'tue', 0).open).toEqual(['mx', 'mnl']) // Mon 18:00 CST and Tue 08:00 PHT
    expect(cell(map, 'tue', 12)).toMatchObject({ open: [], covered: 0 }) // both closed
    expect(cell(map, 'sat', 12)).toMatchObject({ open: [], covered: 0 })
    // Mexico City's Friday runs to 01:00 UTC Saturday; Manila's Monday starts Sunday 23:00 UTC.
    expect(cell(map, 'sat', 0).open).toEqual(['mx'])
    expect(cell(map, 'sun', 23).open).toEqual(['mnl'])
    const holes = map.days.flatMap((d) => d.cells.filter((c) => c.covered === 0))
    expect(cellRanges(map, holes)).toEqual([
      'Mon 11:00–13:00',
      'Tue 11:00–13:00',
      'Wed 11:00–13:00',
      'Thu 11:00–13:00',
      'Fri 11:00–13:00',
      'Sat 01:00–Sun 23:00', // the weekend, until Manila's Monday starts
    ])
  })

  it('reads the same week in a desk zone, and marks holidays', () => {
    // Week of Mon 2026-03-16: a Mexican holiday closes Mexico City on Monday.
    const map = coverageHeatmap([mexicoCity, manila], 'P2', '2026-03-16', 'America/Mexico_City')
    expect(cell(map, 'mon', 9)).toMatchObject({ open: [], holiday: ['mx'], covered: 0 })
    expect(cell(map, 'tue', 9)).toMatchObject({ open: ['mx'], holiday: [] })
    // Manila opens at 07:00 PHT = 17:00 the day before in Mexico City (CST, UTC-6).
    expect(cell(map, 'mon', 17).open).toEqual(['mnl'])
  })

  it('shows the hole that removing the Manila desk opens', () => {
    const before = coverageHeatmap([mexicoCity, manila], 'P2', '2026-03-04', 'UTC')
    const after = coverageHeatmap([mexicoCity], 'P2', '2026-03-04', 'UTC')
    const holes = newHoles(before, after)
    expect(cellRanges(after, holes)).toEqual([
      // Manila's Monday starts Sunday 23:00 UTC; from Tuesday Mexico City's evening covers 23:00–01:00.
      'Mon 00:00–11:00',
      'Tue 01:00–11:00',
      'Wed 01:00–11:00',
      'Thu 01:00–11:00',
      'Fri 01:00–11:00',
      'Sun 23:00–24:00',
    ])
  })

  it('a 24x7 desk covers every hour; a desk not taking the priority none', () => {
    const soc: HeatDesk = {
      id: 'soc',
      name: 'SOC',
      priorities: ['P1'],
      is24x7: true,
      calendar: null,
    }
    const p1 = coverageHeatmap([soc, manila], 'P1', '2026-03-04', 'Asia/Kolkata')
    expect(
      p1.days.every((d) => d.cells.every((c) => c.covered === 1 && c.open.join() === 'soc'))
    ).toBe(true)
    const p2 = coverageHeatmap([soc], 'P2', '2026-03-04', 'UTC')
    expect(p2.desks).toEqual([])
    expect(p2.days.every((d) => d.cells.every((c) => c.covered === 0))).toBe(true)
  })
})
