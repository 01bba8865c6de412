import { World } from '../world/world.ts'
import type { IncidentEvent } from '../events/incident-event.ts'

// The demo world of docs/scenario.md as configuration-as-code, and its outage as canonical events.
// Fiction, but the zones, DST dates and holidays are real (2026).
const all7 = (start: string, end: string) =>
  Object.fromEntries(
    ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [{ start, end }]])
  )
const weekdays = (start: string, end: string) =>
  Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri'].map((d) => [d, [{ start, end }]]))
const person = (slug: string, name: string, roles: string[], timeZone: string) => ({
  slug,
  name,
  roles,
  timeZone,
  channels: [{ kind: 'email', address: `${slug}@example.com` }],
})
const inbound = (dialect: string) => ({
  dialect,
  inboundSecret: 'generate',
  outboundSecret: 'generate',
})

/** The US federal holidays of 2026 (New York business days off). */
export const usFederalHolidays2026 = [
  '2026-01-01',
  '2026-01-19',
  '2026-02-16',
  '2026-05-25',
  '2026-06-19',
  '2026-07-03',
  '2026-09-07',
  '2026-10-12',
  '2026-11-11',
  '2026-11-26',
  '2026-12-25',
]

export const demoWorld: World = World.parse({
  name: 'Northwind Retail demo world',
  calendars: [
    { slug: '24x7-utc', timeZone: 'UTC', week: all7('00:00', '24:00') },
    { slug: '24x7-kolkata', timeZone: 'Asia/Kolkata', week: all7('00:00', '24:00') },
    { slug: '24x7-warsaw', timeZone: 'Europe/Warsaw', week: all7('00:00', '24:00') },
    {
      slug: 'new-york-business',
      timeZone: 'America/New_York',
      week: weekdays('08:00', '18:00'),
      holidays: usFederalHolidays2026,
    },
    {
      slug: 'pune-analysts',
      timeZone: 'Asia/Kolkata',
      week: weekdays('09:00', '18:00'),
      holidays: ['2026-01-26', '2026-03-04', '2026-10-02', '2026-11-09', '2026-12-25'],
    },
    {
      slug: 'warsaw-engineering',
      timeZone: 'Europe/Warsaw',
      week: weekdays('09:00', '17:00'),
      holidays: [
        '2026-01-01',
        '2026-01-06',
        '2026-04-05',
        '2026-04-06',
        '2026-05-01',
        '2026-05-03',
        '2026-05-24',
        '2026-06-04',
        '2026-08-15',
        '2026-11-01',
        '2026-11-11',
        '2026-12-24',
        '2026-12-25',
        '2026-12-26',
      ],
    },
    {
      slug: 'mexico-city',
      timeZone: 'America/Mexico_City',
      week: weekdays('07:00', '19:00'),
      holidays: [
        '2026-01-01',
        '2026-02-02',
        '2026-03-16',
        '2026-05-01',
        '2026-09-16',
        '2026-11-16',
        '2026-12-25',
      ],
    },
    {
      slug: 'manila',
      timeZone: 'Asia/Manila',
      week: weekdays('07:00', '19:00'),
      holidays: [
        '2026-01-01',
        '2026-04-02',
        '2026-04-03',
        '2026-04-09',
        '2026-05-01',
        '2026-06-12',
        '2026-08-31',
        '2026-11-30',
        '2026-12-25',
        '2026-12-30',
      ],
    },
  ],
  parties: [
    {
      slug: 'northwind',
      name: 'Northwind Retail',
      kind: 'RETAINED',
      desks: [
        {
          slug: 'service-integration',
          name: 'Service integration, New York',
          calendar: 'new-york-business',
          contacts: [
            person('nw-integrator', 'Dana Integrator', ['service-integrator'], 'America/New_York'),
          ],
        },
        {
          slug: 'major-incident-manager',
          name: 'Major incident manager',
          calendar: '24x7-utc',
          contacts: [
            person('nw-mim', 'Morgan MIM', ['major-incident-manager'], 'America/New_York'),
          ],
        },
      ],
    },
    {
      slug: 'stratus',
      name: 'Stratus Cloud',
      kind: 'CLOUD',
      integration: inbound('canonical'),
      desks: [
        {
          slug: 'global-support',
          name: 'Global support',
          calendar: '24x7-utc',
          contacts: [person('stratus-oncall', 'Stratus on-call', ['on-call'], 'UTC')],
        },
      ],
    },
    {
      slug: 'sentinel',
      name: 'Sentinel SecOps',
      kind: 'MSSP',
      integration: inbound('pagerduty'),
      desks: [
        {
          slug: 'soc-pune',
          name: 'SOC Pune',
          calendar: '24x7-kolkata',
          priorities: ['P1', 'P2'],
          contacts: [person('sentinel-soc', 'SOC lead', ['on-call'], 'Asia/Kolkata')],
        },
        {
          slug: 'analysts-pune',
          name: 'Analysts Pune',
          calendar: 'pune-analysts',
          priorities: ['P3', 'P4'],
          contacts: [person('sentinel-analyst', 'Analyst', ['on-call'], 'Asia/Kolkata')],
        },
      ],
    },
    {
      slug: 'vistula',
      name: 'Vistula Software',
      kind: 'APP_DEV',
      integration: inbound('jira'),
      desks: [
        {
          slug: 'engineering-warsaw',
          name: 'Engineering Warsaw',
          calendar: 'warsaw-engineering',
          priorities: ['P2', 'P3', 'P4'],
          contacts: [person('vistula-eng', 'Engineering lead', ['on-call'], 'Europe/Warsaw')],
        },
        {
          slug: 'p1-on-call',
          name: 'P1 on-call',
          calendar: '24x7-warsaw',
          priorities: ['P1'],
          contacts: [
            person('vistula-oncall', 'On-call engineer', ['on-call'], 'Europe/Warsaw'),
            person('vistula-duty', 'Duty manager', ['duty-manager'], 'Europe/Warsaw'),
            person('vistula-director', 'Account director', ['account-director'], 'Europe/Warsaw'),
          ],
        },
      ],
    },
    {
      slug: 'bayside',
      name: 'Bayside Helpdesk',
      kind: 'END_USER_SUPPORT',
      integration: inbound('servicenow'),
      desks: [
        {
          slug: 'mexico-city',
          name: 'Mexico City',
          calendar: 'mexico-city',
          contacts: [person('bayside-mx', 'Mexico City lead', ['on-call'], 'America/Mexico_City')],
        },
        {
          slug: 'manila',
          name: 'Manila',
          calendar: 'manila',
          contacts: [person('bayside-ph', 'Manila lead', ['on-call'], 'Asia/Manila')],
        },
      ],
    },
  ],
  services: [
    {
      slug: 'online-checkout',
      name: 'Online Checkout',
      owner: 'northwind',
      providers: ['stratus', 'sentinel', 'vistula', 'bayside'],
    },
  ],
  agreements: [
    {
      slug: 'checkout-availability',
      name: 'Checkout availability',
      kind: 'SLA',
      effectiveFrom: '2026-01-01T00:00:00Z',
      provider: 'northwind',
      services: ['online-checkout'],
      targets: [
        { priority: ['P1'], metric: 'RESOLUTION', duration: 'PT4H', wallClock: true },
        {
          priority: ['P2'],
          metric: 'RESOLUTION',
          duration: 'PT8H',
          measuredOn: { desk: 'northwind/service-integration' },
        },
      ],
    },
    {
      slug: 'stratus-hosting',
      name: 'Stratus hosting',
      kind: 'UC',
      effectiveFrom: '2026-01-01T00:00:00Z',
      provider: 'stratus',
      customer: 'northwind',
      services: ['online-checkout'],
      targets: [
        { priority: ['P1'], metric: 'RESPONSE', duration: 'PT15M', wallClock: true },
        { priority: ['P1'], metric: 'RESOLUTION', duration: 'PT4H', wallClock: true },
        { priority: ['P2'], metric: 'RESPONSE', duration: 'PT30M', wallClock: true },
        { priority: ['P2'], metric: 'RESOLUTION', duration: 'PT8H', wallClock: true },
      ],
      credits: {
        monthlyFee: 120_000,
        perBreach: [
          { priority: ['P1'], metric: 'RESPONSE', percent: 2 },
          { priority: ['P1'], metric: 'RESOLUTION', percent: 5 },
        ],
        monthlyCapPercent: 15,
      },
    },
    {
      slug: 'sentinel-monitoring',
      name: 'Sentinel monitoring',
      kind: 'UC',
      effectiveFrom: '2026-01-01T00:00:00Z',
      provider: 'sentinel',
      customer: 'northwind',
      services: ['online-checkout'],
      targets: [
        { priority: ['P1'], metric: 'RESPONSE', duration: 'PT10M', wallClock: true },
        {
          priority: ['P3'],
          metric: 'RESPONSE',
          duration: 'PT4H',
          measuredOn: { desk: 'sentinel/analysts-pune' },
        },
      ],
    },
    {
      slug: 'vistula-application',
      name: 'Vistula application',
      kind: 'UC',
      effectiveFrom: '2026-01-01T00:00:00Z',
      provider: 'vistula',
      customer: 'northwind',
      services: ['online-checkout'],
      targets: [
        {
          priority: ['P1'],
          metric: 'RESPONSE',
          duration: 'PT30M',
          measuredOn: { desk: 'vistula/p1-on-call' },
        },
        {
          priority: ['P1'],
          metric: 'RESOLUTION',
          duration: 'PT8H',
          measuredOn: { desk: 'vistula/p1-on-call' },
        },
        {
          priority: ['P2'],
          metric: 'RESPONSE',
          duration: 'PT2H',
          measuredOn: { desk: 'vistula/engineering-warsaw' },
        },
        // three business days of an eight-hour Warsaw day
        {
          priority: ['P2'],
          metric: 'RESOLUTION',
          duration: 'PT24H',
          measuredOn: { desk: 'vistula/engineering-warsaw' },
        },
      ],
      credits: {
        monthlyFee: 80_000,
        perBreach: [
          { metric: 'HANDOFF_ACCEPT', percent: 3 },
          { metric: 'SLA', percent: 5 },
        ],
        monthlyCapPercent: 10,
      },
    },
    {
      slug: 'bayside-support',
      name: 'Bayside support',
      kind: 'UC',
      effectiveFrom: '2026-01-01T00:00:00Z',
      provider: 'bayside',
      customer: 'northwind',
      services: ['online-checkout'],
      targets: [
        {
          priority: ['P2'],
          metric: 'RESPONSE',
          duration: 'PT1H',
          measuredOn: { followTheSun: 'bayside' },
        },
        // one business day of a twelve-hour desk day
        {
          priority: ['P2'],
          metric: 'RESOLUTION',
          duration: 'PT12H',
          measuredOn: { followTheSun: 'bayside' },
        },
      ],
    },
    {
      slug: 'handoff-acceptance',
      name: 'Hand-off acceptance',
      kind: 'OLA',
      effectiveFrom: '2026-01-01T00:00:00Z',
      provider: '*',
      customer: '*',
      targets: [
        { priority: ['P1'], metric: 'HANDOFF_ACCEPT', duration: 'PT15M', wallClock: true },
        {
          priority: ['P2', 'P3', 'P4'],
          metric: 'HANDOFF_ACCEPT',
          duration: 'PT1H',
          measuredOn: { receivingDesk: true },
        },
      ],
    },
    {
      slug: 'containment',
      name: 'Containment',
      kind: 'OLA',
      effectiveFrom: '2026-01-01T00:00:00Z',
      provider: 'stratus',
      customer: 'sentinel',
      targets: [
        {
          priority: ['P1', 'P2', 'P3', 'P4'],
          metric: 'HANDOFF_ACCEPT',
          duration: 'PT15M',
          wallClock: true,
        },
      ],
    },
  ],
  ladders: [
    {
      party: 'vistula',
      priority: ['P1'],
      steps: [
        { after: 'PT0M', targets: [{ role: 'on-call' }] },
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
  pingPong: { maxHops: 4, escalateTo: 'northwind/major-incident-manager', requireReasonCode: true },
})

const ev = (e: IncidentEvent): IncidentEvent => e
/** The Friday 2026-03-06 outage (docs/scenario.md), New York 15:00 EST = 20:00Z. */
export const demoOutageEvents: IncidentEvent[] = [
  ev({
    type: 'opened',
    at: '2026-03-06T20:00:00Z',
    priority: 'P1',
    holder: 'sentinel',
    desk: 'sentinel/soc-pune',
    title: 'Credential stuffing against checkout',
    serviceId: 'online-checkout',
  }),
  ev({ type: 'acknowledged', at: '2026-03-06T20:04:00Z', party: 'sentinel' }),
  ev({
    type: 'handoff_offered',
    at: '2026-03-06T20:20:00Z',
    handoffId: 'h1',
    from: 'sentinel',
    to: 'stratus',
    toDesk: 'stratus/global-support',
    reason: 'Block ranges at the WAF, isolate two hosts',
  }),
  ev({ type: 'handoff_accepted', at: '2026-03-06T20:41:00Z', handoffId: 'h1', party: 'stratus' }),
  ev({
    type: 'handoff_offered',
    at: '2026-03-06T21:30:00Z',
    handoffId: 'h2',
    from: 'stratus',
    to: 'vistula',
    toDesk: 'vistula/p1-on-call',
    reason: 'A checkout defect allows account enumeration',
  }),
  ev({ type: 'handoff_expired', at: '2026-03-06T21:45:00Z', handoffId: 'h2' }),
  ev({
    type: 'handoff_rejected',
    at: '2026-03-06T21:55:00Z',
    handoffId: 'h2',
    party: 'vistula',
    reason: 'WAF misconfiguration, not an application defect',
  }),
  ev({
    type: 'handoff_offered',
    at: '2026-03-06T22:05:00Z',
    handoffId: 'h3',
    from: 'stratus',
    to: 'vistula',
    toDesk: 'vistula/p1-on-call',
    reason: 'Enumeration reproduced with the WAF bypassed',
    reasonCode: 'NEW_EVIDENCE',
    context: 'request traces attached',
  }),
  ev({ type: 'handoff_accepted', at: '2026-03-06T22:12:00Z', handoffId: 'h3', party: 'vistula' }),
  ev({
    type: 'handoff_offered',
    at: '2026-03-07T05:30:00Z',
    handoffId: 'h4',
    from: 'vistula',
    to: 'stratus',
    toDesk: 'stratus/global-support',
    reason: 'Fix shipped: lift the emergency WAF rules',
  }),
  ev({ type: 'handoff_accepted', at: '2026-03-07T05:38:00Z', handoffId: 'h4', party: 'stratus' }),
  ev({
    type: 'resolved',
    at: '2026-03-07T06:10:00Z',
    party: 'stratus',
    resolution: 'Defect fixed, WAF rules lifted',
  }),
  ev({ type: 'closed', at: '2026-03-09T13:00:00Z', party: 'northwind' }),
]
