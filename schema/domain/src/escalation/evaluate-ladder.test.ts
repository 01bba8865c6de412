import { describe, expect, it } from 'vitest'
import { World, type IncidentEvent } from '../index.ts'
import { deriveCustody } from '../custody/derive-custody.ts'
import { evaluateLadder } from './evaluate-ladder.ts'
import { escalationPreview } from './escalation-preview.ts'

const all7 = (start: string, end: string) =>
  Object.fromEntries(
    ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [{ start, end }]])
  )
const contact = (slug: string, roles: string[], timeZone: string) => ({
  slug,
  name: slug,
  roles,
  timeZone,
  channels: [{ kind: 'email', address: `${slug}@example.com` }],
})
const world = World.parse({
  calendars: [
    { slug: '24x7-utc', timeZone: 'UTC', week: all7('00:00', '24:00') },
    { slug: 'warsaw-24x7', timeZone: 'Europe/Warsaw', week: all7('00:00', '24:00') },
    {
      slug: 'ny',
      timeZone: 'America/New_York',
      week: { mon: [{ start: '08:00', end: '18:00' }], fri: [{ start: '08:00', end: '18:00' }] },
    },
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
          contacts: [contact('integrator', ['service-integrator'], 'America/New_York')],
        },
        {
          slug: 'mim',
          name: 'MIM',
          calendar: '24x7-utc',
          contacts: [contact('mim', ['major-incident-manager'], 'America/New_York')],
        },
      ],
    },
    {
      slug: 'stratus',
      name: 'Stratus',
      kind: 'CLOUD',
      desks: [
        {
          slug: 'global',
          name: 'Global',
          calendar: '24x7-utc',
          contacts: [contact('stratus-oncall', ['on-call'], 'UTC')],
        },
      ],
    },
    {
      slug: 'vistula',
      name: 'Vistula',
      kind: 'APP_DEV',
      desks: [
        {
          slug: 'p1',
          name: 'P1 on-call',
          calendar: 'warsaw-24x7',
          priorities: ['P1'],
          contacts: [
            contact('oncall', ['on-call'], 'Europe/Warsaw'),
            contact('duty', ['duty-manager'], 'Europe/Warsaw'),
            contact('director', ['account-director'], 'Europe/Warsaw'),
          ],
        },
      ],
    },
  ],
  ladders: [
    {
      party: 'vistula',
      priority: ['P1'],
      steps: [
        { after: 'PT0S', targets: [{ role: 'on-call' }] },
        { after: 'PT15M', when: 'unaccepted', targets: [{ role: 'duty-manager' }] },
        {
          after: 'PT30M',
          when: 'unaccepted',
          targets: [{ retainedRole: 'major-incident-manager' }, { role: 'account-director' }],
          repeat: { every: 'PT30M', times: 2 },
        },
      ],
    },
  ],
})

const events: IncidentEvent[] = [
  {
    type: 'opened',
    at: '2026-03-06T20:00:00.000Z',
    priority: 'P1',
    holder: 'stratus',
    title: 'checkout',
  },
  { type: 'acknowledged', at: '2026-03-06T20:05:00.000Z', party: 'stratus' },
  {
    type: 'handoff_offered',
    at: '2026-03-06T21:30:00.000Z',
    handoffId: 'H1',
    from: 'stratus',
    to: 'vistula',
    reason: 'defect',
  },
  {
    type: 'handoff_rejected',
    at: '2026-03-06T21:55:00.000Z',
    handoffId: 'H1',
    party: 'vistula',
    reason: 'WAF',
  },
  {
    type: 'handoff_offered',
    at: '2026-03-06T22:05:00.000Z',
    handoffId: 'H2',
    from: 'stratus',
    to: 'vistula',
    reason: 'evidence',
    reasonCode: 'NEW_EVIDENCE',
  },
  { type: 'handoff_accepted', at: '2026-03-06T22:12:00.000Z', handoffId: 'H2', party: 'vistula' },
]
const stateAt = (iso: string) => deriveCustody(events.filter((e) => e.at <= iso))
const steps = (iso: string) =>
  evaluateLadder({ world, state: stateAt(iso), clocks: [] }, new Date(iso)).due.map(
    (d) => `${d.at.slice(11, 16)} step ${d.step} -> ${d.recipients.map((r) => r.contact).join('+')}`
  )

describe('evaluateLadder', () => {
  it("pages Vistula's on-call at the offer and its duty manager when the offer is still unaccepted after 15 min", () => {
    expect(steps('2026-03-06T21:44:59.000Z')).toEqual(['21:30 step 1 -> oncall'])
    expect(steps('2026-03-06T21:45:00.000Z')).toEqual([
      '21:30 step 1 -> oncall',
      '21:45 step 2 -> duty',
    ])
  })
  it('skips the later steps once the offer is answered, and starts over for the next offer', () => {
    expect(steps('2026-03-06T23:59:00.000Z')).toEqual([
      '21:30 step 1 -> oncall',
      '21:45 step 2 -> duty',
      '22:05 step 1 -> oncall',
    ])
  })
  it('gives the next instant to wake while an offer is open', () => {
    expect(
      evaluateLadder(
        { world, state: stateAt('2026-03-06T21:31:00.000Z'), clocks: [] },
        new Date('2026-03-06T21:31:00.000Z')
      ).nextWakeAt?.toISOString()
    ).toBe('2026-03-06T21:45:00.000Z')
  })
  it('keys each step instance so it fires once', () => {
    const due = evaluateLadder(
      { world, state: stateAt('2026-03-06T23:59:00.000Z'), clocks: [] },
      new Date('2026-03-06T23:59:00.000Z')
    ).due
    expect(due.map((d) => d.key)).toEqual([
      'ladder:vistula:1:1:0',
      'ladder:vistula:1:2:0',
      'ladder:vistula:2:1:0',
    ])
  })
})

describe('escalationPreview', () => {
  it("plans every step and repeat with each recipient's local time across zones", () => {
    const plan = escalationPreview(world, 'vistula', 'P1', new Date('2026-03-06T21:30:00.000Z'))
    expect(
      plan.map(
        (p) =>
          `${p.at.slice(11, 16)} ${p.step}/${p.repeat} ${p.recipients.map((r) => `${r.contact}@${r.localTime}`).join(', ')}`
      )
    ).toEqual([
      '21:30 1/0 oncall@Fri 06 Mar 22:30 GMT+1',
      '21:45 2/0 duty@Fri 06 Mar 22:45 GMT+1',
      '22:00 3/0 mim@Fri 06 Mar 17:00 EST, director@Fri 06 Mar 23:00 GMT+1',
      '22:30 3/1 mim@Fri 06 Mar 17:30 EST, director@Fri 06 Mar 23:30 GMT+1',
      '23:00 3/2 mim@Fri 06 Mar 18:00 EST, director@Sat 07 Mar 00:00 GMT+1',
    ])
  })
})
