import { describe, expect, it } from 'vitest'
import { World } from '../world/world.ts'
import { hourRanges, ladderCoverage } from './ladder-coverage.ts'

const all7 = (start: string, end: string) =>
  Object.fromEntries(
    ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [{ start, end }]])
  )
const weekdays = (start: string, end: string) =>
  Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri'].map((d) => [d, [{ start, end }]]))
const email = (a: string) => [{ kind: 'email', address: `${a}@example.com` }]

const world = (ladderSteps: unknown[], extraContacts: unknown[] = []) =>
  World.parse({
    calendars: [
      { slug: '24x7-utc', timeZone: 'UTC', week: all7('00:00', '24:00') },
      {
        slug: 'ny',
        timeZone: 'America/New_York',
        week: weekdays('08:00', '18:00'),
        holidays: ['2026-01-05'],
      },
      { slug: 'warsaw', timeZone: 'Europe/Warsaw', week: weekdays('09:00', '17:00') },
    ],
    parties: [
      {
        slug: 'northwind',
        name: 'Northwind',
        kind: 'RETAINED',
        desks: [
          {
            slug: 'ny',
            name: 'NY',
            calendar: 'ny',
            contacts: [
              {
                slug: 'dana',
                name: 'Dana',
                roles: ['service-integrator'],
                timeZone: 'America/New_York',
                channels: email('dana'),
              },
            ],
          },
        ],
      },
      {
        slug: 'vistula',
        name: 'Vistula',
        kind: 'APP_DEV',
        desks: [
          {
            slug: 'warsaw',
            name: 'Warsaw',
            calendar: 'warsaw',
            priorities: ['P2'],
            contacts: [
              { slug: 'eng', name: 'Eng', roles: ['on-call'], channels: email('eng') },
              { slug: 'lead', name: 'Lead', roles: ['duty-manager'], channels: [] },
              {
                slug: 'ad',
                name: 'AD',
                roles: ['account-director'],
                timeZone: 'Europe/Warsaw',
                quietHours: { start: '18:00', end: '08:00' },
                channels: email('ad'),
              },
              ...extraContacts,
            ],
          },
        ],
      },
    ],
    ladders: [{ party: 'vistula', priority: ['P1', 'P2'], steps: ladderSteps }],
  })

const summary = (w: World, options = {}) =>
  ladderCoverage(w, 'vistula', options).map((s) => ({
    step: `${s.priority}#${s.step}`,
    silent: s.silentRanges,
    holes: s.holes.map((h) => `${h.target} ${h.reason}: ${h.ranges.join(', ')}`),
  }))

describe('ladderCoverage', () => {
  it('reports every hour of the week for a priority no desk takes', () => {
    const [p1] = summary(world([{ after: 'PT0S', targets: [{ role: 'on-call' }] }]))
    const week = hourRanges(
      Array.from({ length: 168 }, (_, h) => h),
      new Date('2026-01-05T00:00:00Z')
    )
    expect(week).toEqual(['Mon 00:00–Sun 24:00 UTC'])
    expect(p1).toEqual({ step: 'P1#1', silent: week, holes: [`role:on-call no-desk: ${week[0]}`] })
  })

  it('reports the hours a wall-clock step pages a closed desk, but not a business-time step', () => {
    const rows = summary(
      world([
        { after: 'PT0S', targets: [{ role: 'on-call' }] },
        { afterBusiness: 'PT1H', targets: [{ role: 'on-call' }] },
      ])
    ).filter((s) => s.step.startsWith('P2'))
    expect(rows).toEqual([
      {
        step: 'P2#1',
        silent: [
          'Mon 00:00–08:00 UTC',
          'Mon 16:00–Tue 08:00 UTC',
          'Tue 16:00–Wed 08:00 UTC',
          'Wed 16:00–Thu 08:00 UTC',
          'Thu 16:00–Fri 08:00 UTC',
          'Fri 16:00–Sun 24:00 UTC',
        ],
        holes: [expect.stringMatching(/^role:on-call desk-closed: Mon 00:00–08:00 UTC/)],
      },
    ])
  })

  it('names a role nobody holds, a contact without a channel, and quiet hours below P1', () => {
    const rows = summary(
      world([
        {
          afterBusiness: 'PT0S',
          targets: [{ role: 'duty-manager' }, { role: 'account-director' }, { role: 'cto' }],
        },
      ])
    ).filter((s) => s.step.startsWith('P2'))
    // Warsaw is open 08:00–16:00 UTC in January; the AD is quiet from 18:00 local (17:00 UTC) only
    expect(rows).toEqual([
      {
        step: 'P2#1',
        silent: [],
        holes: [
          'role:duty-manager no-channel: Mon 08:00–16:00 UTC, Tue 08:00–16:00 UTC, Wed 08:00–16:00 UTC, Thu 08:00–16:00 UTC, Fri 08:00–16:00 UTC',
          'role:cto no-contact: Mon 08:00–16:00 UTC, Tue 08:00–16:00 UTC, Wed 08:00–16:00 UTC, Thu 08:00–16:00 UTC, Fri 08:00–16:00 UTC',
        ],
      },
    ])
  })

  it('reports the quiet hours of a named contact for P2 but not for P1', () => {
    const rows = summary(world([{ after: 'PT0S', targets: [{ contact: 'ad' }] }]))
    expect(rows.map((r) => r.step)).toEqual(['P2#1'])
    expect(rows[0]!.holes[0]).toMatch(
      /^contact:ad quiet-hours: Mon 00:00–07:00 UTC, Mon 17:00–Tue 07:00 UTC/
    )
  })

  it('reports a retained role whose desk is closed, with the holiday only when asked for that week', () => {
    const steps = [{ afterBusiness: 'PT0S', targets: [{ retainedRole: 'service-integrator' }] }]
    const typical = summary(world(steps)).filter((s) => s.step === 'P2#1')[0]!
    // Warsaw 08:00–16:00 UTC vs New York 13:00–23:00 UTC in January: the morning is uncovered
    expect(typical.holes).toEqual([
      'retainedRole:service-integrator desk-closed: Mon 08:00–13:00 UTC, Tue 08:00–13:00 UTC, Wed 08:00–13:00 UTC, Thu 08:00–13:00 UTC, Fri 08:00–13:00 UTC',
    ])
    const holidayWeek = summary(world(steps), {
      weekStart: new Date('2026-01-05T00:00:00Z'),
    }).filter((s) => s.step === 'P2#1')[0]!
    expect(holidayWeek.holes[0]).toMatch(
      /^retainedRole:service-integrator desk-closed: Mon 08:00–16:00 UTC, Tue 08:00–13:00 UTC/
    )
  })
})

describe('hourRanges', () => {
  it.each([
    [[0, 1, 2], 'Mon 00:00–03:00 UTC'],
    [[22, 23], 'Mon 22:00–24:00 UTC'],
    [[23, 24, 25], 'Mon 23:00–Tue 02:00 UTC'],
    [[5, 7], 'Mon 05:00–06:00 UTC, Mon 07:00–08:00 UTC'],
    [
      [
        20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42,
        43, 44, 45, 46, 47,
      ],
      'Mon 20:00–Tue 24:00 UTC',
    ],
    [Array.from({ length: 168 }, (_, h) => h), 'Mon 00:00–Sun 24:00 UTC'],
  ])('%j reads %s', (hours, expected) => {
    expect(hourRanges(hours, new Date('2026-01-05T00:00:00Z')).join(', ')).toBe(expected)
  })
})
