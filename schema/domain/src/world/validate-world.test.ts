import { describe, expect, it } from 'vitest'
import { demoWorld } from '../testing/demo-world.ts'
import { closestName } from './closest-name.ts'
import { formatWorldProblem, validateWorld } from './validate-world.ts'

// A small world that validates; each case below breaks exactly one thing in a copy of it.
const base = () => ({
  calendars: [
    { slug: 'utc', timeZone: 'UTC', week: { mon: [{ start: '00:00', end: '24:00' }] } },
    {
      slug: 'tokyo-business',
      timeZone: 'Asia/Tokyo',
      week: {
        mon: [
          { start: '09:00', end: '12:00' },
          { start: '13:00', end: '18:00' },
        ],
      },
      holidays: ['2026-01-01'],
    },
  ],
  parties: [
    {
      slug: 'acme',
      name: 'Acme',
      kind: 'RETAINED',
      desks: [
        {
          slug: 'mim',
          name: 'MIM',
          calendar: 'utc',
          contacts: [{ slug: 'mim-lead', name: 'Lead', roles: ['major-incident-manager'] }],
        },
      ],
    },
    {
      slug: 'kumo',
      name: 'Kumo',
      kind: 'CLOUD',
      desks: [
        {
          slug: 'tokyo',
          name: 'Tokyo',
          calendar: 'tokyo-business',
          contacts: [
            { slug: 'kumo-duty', name: 'Duty', roles: ['on-call'], timeZone: 'Asia/Tokyo' },
          ],
        },
      ],
    },
  ],
  services: [{ slug: 'shop', name: 'Shop', owner: 'acme', providers: ['kumo'] }],
  agreements: [
    {
      slug: 'kumo-hosting',
      name: 'Kumo hosting',
      kind: 'UC',
      provider: 'kumo',
      customer: 'acme',
      services: ['shop'],
      effectiveFrom: '2026-01-01T00:00:00Z',
      targets: [
        { priority: ['P1', 'P2'], metric: 'RESPONSE', duration: 'PT15M' },
        {
          priority: ['P1'],
          metric: 'RESOLUTION',
          duration: 'PT4H',
          measuredOn: { desk: 'kumo/tokyo' },
        },
        {
          priority: ['P2'],
          metric: 'RESOLUTION',
          duration: 'PT8H',
          measuredOn: { followTheSun: 'kumo' },
        },
      ],
    },
  ],
  ladders: [
    {
      party: 'kumo',
      priority: ['P1'],
      steps: [
        { after: 'PT0S', targets: [{ role: 'on-call' }] },
        {
          after: 'PT30M',
          targets: [{ retainedRole: 'major-incident-manager' }, { contact: 'mim-lead' }],
        },
      ],
    },
  ],
  pingPong: { maxHops: 4, escalateTo: 'acme/mim' },
})
type W = ReturnType<typeof base>
const broken = (change: (w: W) => void) => {
  const w = base()
  change(w)
  return w
}

describe('validateWorld', () => {
  it('accepts the base world and the demo world', () => {
    expect(validateWorld(base()).problems).toEqual([])
    expect(validateWorld(base()).ok).toBe(true)
    expect(validateWorld(demoWorld).problems).toEqual([])
  })

  // One problem each: [what, change, path, value, message pattern].
  const cases: Array<[string, (w: W) => void, string, unknown, RegExp]> = [
    [
      'ping-pong escalateTo names an unknown desk',
      (w) => (w.pingPong.escalateTo = 'acme/mimm'),
      '$.pingPong.escalateTo',
      'acme/mimm',
      /^unknown desk; did you mean acme\/mim\?$/,
    ],
    [
      'measuredOn names an unknown desk',
      (w) => (w.agreements[0]!.targets[1]!.measuredOn = { desk: 'kumo/tokio' }),
      '$.agreements[0].targets[1].measuredOn.desk',
      'kumo/tokio',
      /^unknown desk; did you mean kumo\/tokyo\?$/,
    ],
    [
      'measuredOn names a desk without its party',
      (w) => (w.agreements[0]!.targets[1]!.measuredOn = { desk: 'tokyo' }),
      '$.agreements[0].targets[1].measuredOn.desk',
      'tokyo',
      /^unknown desk \(write 'party-slug\/desk-slug'\); did you mean kumo\/tokyo\?$/,
    ],
    [
      'followTheSun names an unknown party',
      (w) => (w.agreements[0]!.targets[2]!.measuredOn = { followTheSun: 'kuma' }),
      '$.agreements[0].targets[2].measuredOn.followTheSun',
      'kuma',
      /^unknown party; did you mean kumo\?$/,
    ],
    [
      'measuredOn names an unknown calendar',
      (w) =>
        (w.agreements[0]!.targets[0] = {
          ...w.agreements[0]!.targets[0]!,
          measuredOn: { calendar: 'tokyo-busines' },
        } as never),
      '$.agreements[0].targets[0].measuredOn.calendar',
      'tokyo-busines',
      /^unknown calendar; did you mean tokyo-business\?$/,
    ],
    [
      'a misspelt time zone',
      (w) => (w.calendars[1]!.timeZone = 'Asia/Tokio'),
      '$.calendars[1].timeZone',
      'Asia/Tokio',
      /^not an IANA time zone; did you mean Asia\/Tokyo\?$/,
    ],
    [
      "a contact's misspelt time zone",
      (w) =>
        ((w.parties[1]!.desks[0]!.contacts[0] as { timeZone?: string }).timeZone = 'Europe/Warsow'),
      '$.parties[1].desks[0].contacts[0].timeZone',
      'Europe/Warsow',
      /^not an IANA time zone; did you mean Europe\/Warsaw\?$/,
    ],
    [
      'overlapping business windows',
      (w) => (w.calendars[1]!.week.mon![1]!.start = '11:00'),
      '$.calendars[1].week.mon[1]',
      { start: '11:00', end: '18:00' },
      /^overlaps mon\[0\] \(09:00-12:00 and 11:00-18:00\)/,
    ],
    [
      'a window that ends before it starts',
      (w) => (w.calendars[1]!.week.mon![1] = { start: '18:00', end: '13:00' }),
      '$.calendars[1].week.mon[1]',
      { start: '18:00', end: '13:00' },
      /^the window must end after it starts/,
    ],
    [
      'a window time that is no time',
      (w) => (w.calendars[1]!.week.mon![0]!.end = '25:00'),
      '$.calendars[1].week.mon[0].end',
      '25:00',
      /'HH:mm' or '24:00'/,
    ],
    [
      'a holiday that is no date',
      (w) => (w.calendars[1]!.holidays = ['2026-02-30']),
      '$.calendars[1].holidays[0]',
      '2026-02-30',
      /^not a calendar date \(YYYY-MM-DD\)$/,
    ],
    [
      'an agreement whose targets miss a priority it names',
      (w) => w.agreements[0]!.targets.pop(),
      '$.agreements[0].targets',
      undefined,
      /^no RESOLUTION target for P2, which the agreement's other targets name/,
    ],
    [
      'two targets for one priority and metric',
      (w) => (w.agreements[0]!.targets[2]!.priority = ['P1', 'P2']),
      '$.agreements[0].targets[2].priority',
      ['P1', 'P2'],
      /^P1 RESOLUTION already has a target \(targets\[1\]\)/,
    ],
    [
      'a desk on an unknown calendar',
      (w) => (w.parties[1]!.desks[0]!.calendar = 'tokyo-bussiness'),
      '$.parties[1].desks[0].calendar',
      'tokyo-bussiness',
      /^unknown calendar; did you mean tokyo-business\?$/,
    ],
    [
      'an agreement on an unknown service',
      (w) => (w.agreements[0]!.services = ['shopp']),
      '$.agreements[0].services[0]',
      'shopp',
      /^unknown service; did you mean shop\?$/,
    ],
    [
      'an agreement with an unknown provider',
      (w) => (w.agreements[0]!.provider = 'kumu'),
      '$.agreements[0].provider',
      'kumu',
      /^unknown party; did you mean kumo\?$/,
    ],
    [
      'a service provided by an unknown party',
      (w) => (w.services[0]!.providers = ['nimbus']),
      '$.services[0].providers[0]',
      'nimbus',
      /^unknown party$/,
    ],
    [
      'a ladder of an unknown party',
      (w) => (w.ladders[0]!.party = 'kum'),
      '$.ladders[0].party',
      'kum',
      /^unknown party; did you mean kumo\?$/,
    ],
    [
      'a ladder step to an unknown contact',
      (w) => (w.ladders[0]!.steps[1]!.targets[1] = { contact: 'mim-led' }),
      '$.ladders[0].steps[1].targets[1].contact',
      'mim-led',
      /^unknown contact; did you mean mim-lead\?$/,
    ],
    [
      'two ladders for one party and priority',
      (w) => w.ladders.push({ ...w.ladders[0]!, priority: ['P1', 'P2'] }),
      '$.ladders[1].priority',
      ['P1', 'P2'],
      /^kumo already has a ladder for P1 \(\$\.ladders\[0\]\)/,
    ],
    [
      'a calendar declared twice',
      (w) => w.calendars.push({ ...w.calendars[0]! }),
      '$.calendars[2].slug',
      'utc',
      /^calendar 'utc' is declared twice \(first at \$\.calendars\[0\]\.slug\)$/,
    ],
    [
      'a misspelt field, which the schema would drop',
      (w) => {
        const t = w.agreements[0]!.targets[1]! as Record<string, unknown>
        t.measureOn = t.measuredOn
        delete t.measuredOn
      },
      '$.agreements[0].targets[1].measureOn',
      { desk: 'kumo/tokyo' },
      /^unknown field 'measureOn', which would be ignored; did you mean measuredOn\?$/,
    ],
    [
      'an unknown metric',
      (w) => (w.agreements[0]!.targets[0]!.metric = 'RESPONCE'),
      '$.agreements[0].targets[0].metric',
      'RESPONCE',
      /did you mean RESPONSE\?$/,
    ],
  ]
  it.each(cases)('refuses %s', (_what, change, path, value, message) => {
    const result = validateWorld(broken(change))
    expect(result.ok).toBe(false)
    expect(result.problems).toHaveLength(1)
    const [problem] = result.problems
    expect(problem!.path).toBe(path)
    expect(problem!.value).toEqual(value)
    expect(problem!.message).toMatch(message)
  })

  it('reports every problem at once, the shape and the references together', () => {
    const result = validateWorld(
      broken((w) => {
        w.calendars[1]!.timeZone = 'Asia/Tokio'
        w.calendars[1]!.holidays = ['2026-13-01']
        w.pingPong.escalateTo = 'acme/nobody'
        w.agreements[0]!.targets[2]!.measuredOn = { followTheSun: 'nimbus' }
      })
    )
    expect(result.ok).toBe(false)
    expect(result.problems.map((p) => p.path)).toEqual([
      '$.calendars[1].holidays[0]',
      '$.calendars[1].timeZone',
      '$.agreements[0].targets[2].measuredOn.followTheSun',
      '$.pingPong.escalateTo',
    ])
    expect(formatWorldProblem(result.problems[1]!)).toBe(
      '$.calendars[1].timeZone = "Asia/Tokio": not an IANA time zone; did you mean Asia/Tokyo?'
    )
  })

  it('suggests only names that are close', () => {
    expect(closestName('Asia/Tokio', ['Asia/Tokyo', 'Asia/Seoul'])).toBe('Asia/Tokyo')
    expect(closestName('tokyo', ['Asia/Tokyo', 'Asia/Seoul'])).toBe('Asia/Tokyo')
    expect(closestName('asia/tokyo', ['Asia/Tokyo'])).toBe('Asia/Tokyo')
    expect(closestName('nimbus', ['kumo', 'acme'])).toBeUndefined()
    expect(closestName('vistula-ad', ['vistula-eng', 'vistula-duty'])).toBeUndefined()
  })
})
