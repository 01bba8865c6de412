import { describe, expect, it } from 'vitest'
import { layoutSwimlanes, type LaneParty } from './swimlane-layout.ts'

const weekdays = (start: string, end: string) =>
  ['mon', 'tue', 'wed', 'thu', 'fri'].map((day) => ({ day, start, end }))
const parties = new Map<string, LaneParty>([
  [
    'sentinel',
    {
      id: 'sentinel',
      name: 'Sentinel SecOps',
      timeZone: 'Asia/Kolkata',
      calendar: null,
      is24x7: true,
    },
  ],
  [
    'stratus',
    { id: 'stratus', name: 'Stratus Cloud', timeZone: 'UTC', calendar: null, is24x7: true },
  ],
  [
    'vistula',
    {
      id: 'vistula',
      name: 'Vistula Software',
      timeZone: 'Europe/Warsaw',
      calendar: { timeZone: 'Europe/Warsaw', windows: weekdays('09:00', '17:00'), holidays: [] },
    },
  ],
])
const t = (hhmm: string, day = '06') => `2026-03-${day}T${hhmm}:00Z`
// The outage's first hours in UTC (New York + 5 h): 20:00 to 00:00, 240 px = 1 px a minute.
const start = Date.parse(t('20:00'))
const end = Date.parse(t('00:00', '07'))

const layout = () =>
  layoutSwimlanes({
    start,
    end,
    width: 240,
    parties,
    custody: [
      { partyId: 'sentinel', from: t('20:00'), to: t('20:41'), state: 'working' },
      { partyId: 'stratus', from: t('20:41'), to: t('22:12'), state: 'working' },
      { partyId: 'vistula', from: t('22:12'), to: null, state: 'working' },
    ],
    handoffs: [
      {
        id: 'h1',
        fromId: 'sentinel',
        toId: 'stratus',
        state: 'ACCEPTED',
        offeredAt: t('20:20'),
        respondedAt: t('20:41'),
        reason: 'block ranges at the WAF',
      },
      {
        id: 'h2',
        fromId: 'stratus',
        toId: 'vistula',
        state: 'REJECTED',
        offeredAt: t('21:30'),
        respondedAt: t('21:55'),
        reason: 'WAF misconfiguration, not an application defect',
      },
      {
        id: 'h3',
        fromId: 'stratus',
        toId: 'vistula',
        state: 'ACCEPTED',
        offeredAt: t('22:05'),
        respondedAt: t('22:12'),
        reason: 'evidence',
      },
    ],
    breaches: [
      { partyId: 'stratus', at: t('20:35'), label: 'Containment OLA breached' },
      { partyId: 'vistula', at: t('21:45'), label: 'Hand-off acceptance breached' },
    ],
  })

describe('swimlane layout from custody and calendars', () => {
  it('gives each party one lane in order of first appearance, with its custody on a shared axis', () => {
    const l = layout()
    expect(l.lanes.map((lane) => lane.party.name)).toEqual([
      'Sentinel SecOps',
      'Stratus Cloud',
      'Vistula Software',
    ])
    expect(l.lanes[0]!.custody).toEqual([{ x: 0, w: 41, state: 'working', label: 'Holding' }])
    expect(l.lanes[1]!.custody[0]).toMatchObject({ x: 41, w: 91 })
    // the current stretch runs to the end of the axis
    expect(l.lanes[2]!.custody[0]).toMatchObject({ x: 132, w: 108 })
  })

  it('draws hand-offs as arrows between lanes from offer to answer, with the rejection reason', () => {
    const arrows = layout().arrows
    expect(arrows.map((a) => [a.fromLane, a.toLane, a.x1, a.x2, a.state])).toEqual([
      [0, 1, 20, 41, 'ACCEPTED'],
      [1, 2, 90, 115, 'REJECTED'],
      [1, 2, 125, 132, 'ACCEPTED'],
    ])
    expect(arrows[1]!.label).toBe('Rejected: WAF misconfiguration, not an application defect')
  })

  it('marks breaches on the lane of the party they are attributed to', () => {
    const l = layout()
    expect(l.lanes[1]!.breaches).toEqual([{ x: 35, label: 'Containment OLA breached' }])
    expect(l.lanes[2]!.breaches).toEqual([{ x: 105, label: 'Hand-off acceptance breached' }])
    expect(l.lanes[0]!.breaches).toEqual([])
  })

  it("shades a lane by its desk's business hours: Warsaw is closed all Friday evening, 24x7 desks are open throughout", () => {
    const l = layout()
    expect(l.lanes[0]!.open).toEqual([{ x: 0, w: 240 }])
    expect(l.lanes[2]!.open).toEqual([])
    // Monday morning in Warsaw opens at 08:00 UTC (09:00 CET)
    const monday = layoutSwimlanes({
      start: Date.parse(t('06:00', '09')),
      end: Date.parse(t('18:00', '09')),
      width: 720,
      parties,
      custody: [{ partyId: 'vistula', from: t('06:00', '09'), to: null, state: 'working' }],
      handoffs: [],
      breaches: [],
    })
    expect(monday.lanes[0]!.open).toEqual([{ x: 120, w: 480 }])
  })

  it('maps pixels back to instants for the hover read-out and puts the date on the first tick of each day', () => {
    const l = layout()
    expect(new Date(l.invert(90)).toISOString()).toBe('2026-03-06T21:30:00.000Z')
    expect(l.ticks[0]).toMatchObject({ day: '2026-03-06' })
    expect(l.ticks.slice(1).every((tick) => tick.label === '00:00' || tick.day === null)).toBe(true)
    expect(l.ticks.find((tick) => tick.label === '00:00')?.day).toBe('2026-03-07')
  })

  it("draws an offer whose acceptance window ended unanswered as still open, the window's end marked on it", () => {
    // 16:50 New York: Stratus offered Vistula at 16:30, the window (15 min) ended at 16:45; Vistula
    // can still answer (it rejects at 16:55), so it is no expired arrow at the offer's instant.
    const l = layoutSwimlanes({
      start,
      end: Date.parse(t('21:50')),
      width: 110,
      parties,
      custody: [
        { partyId: 'sentinel', from: t('20:00'), to: t('20:41'), state: 'working' },
        { partyId: 'stratus', from: t('20:41'), to: null, state: 'working' },
      ],
      handoffs: [
        {
          id: 'h2',
          fromId: 'stratus',
          toId: 'vistula',
          state: 'EXPIRED',
          offeredAt: t('21:30'),
          respondedAt: null,
          expiredAt: t('21:45'),
          reason: 'checkout defect allows account enumeration',
        },
      ],
      breaches: [],
    })
    expect(l.arrows).toEqual([
      expect.objectContaining({ x1: 90, x2: 110, xExpired: 105, state: 'OFFERED' }),
    ])
    expect(l.arrows[0]!.label).toBe(
      'Offered, awaiting answer; acceptance window ended 21:45 UTC unanswered'
    )
  })

  it('shades a follow-the-sun lane where any of its desks is open, not by its first desk alone', () => {
    // Bayside works P2s from Mexico City (09:00-18:00, UTC-6) and Manila (09:00-18:00, UTC+8).
    const bayside: LaneParty = {
      id: 'bayside',
      name: 'Bayside Helpdesk',
      timeZone: 'America/Mexico_City',
      calendar: {
        timeZone: 'America/Mexico_City',
        windows: weekdays('09:00', '18:00'),
        holidays: [],
      },
      otherDesks: [
        {
          calendar: { timeZone: 'Asia/Manila', windows: weekdays('09:00', '18:00'), holidays: [] },
        },
      ],
    }
    // Thursday 12:00 UTC to Friday 12:00 UTC, 1 px a minute.
    const l = layoutSwimlanes({
      start: Date.parse(t('12:00', '05')),
      end: Date.parse(t('12:00', '06')),
      width: 1440,
      parties: new Map([['bayside', bayside]]),
      custody: [{ partyId: 'bayside', from: t('12:00', '05'), to: null, state: 'working' }],
      handoffs: [],
      breaches: [],
    })
    // Mexico City 15:00-24:00 UTC, then Manila from 01:00 to 10:00 UTC (Friday 09:00-18:00 local).
    expect(l.lanes[0]!.open).toEqual([
      { x: 180, w: 540 },
      { x: 780, w: 540 },
    ])
  })
})
