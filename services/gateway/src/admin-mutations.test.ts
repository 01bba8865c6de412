import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { isOpen, type BusinessCalendar } from '@baton/domain'
import { serveGateway, type ServedGateway } from './app/serve-gateway.ts'
import { createGatewayFixture, type GatewayFixture } from './testing/gateway-fixture.ts'

let f: GatewayFixture
let gw: ServedGateway
let admin: string
type Hole = { target: string; reason: string; hours: number[]; ranges: string[] }
type Gql = Awaited<ReturnType<GatewayFixture['gql']>>
beforeAll(async () => {
  f = await createGatewayFixture()
  gw = await serveGateway(f.app, { port: 0 })
  admin = await f.token('ADMIN')
})
afterAll(async () => {
  await gw?.close()
  await f?.close()
})

const run = async <T = Record<string, unknown>>(
  query: string,
  variables: Record<string, unknown> = {}
) => f.gql<T>(query, { token: admin, variables })
const ok = <T>(r: { data?: T; errors?: unknown[] }): T => {
  expect(r.errors, JSON.stringify(r.errors)).toBeUndefined()
  return r.data!
}
const code = (r: Gql) => r.errors?.[0]?.extensions?.code
const field = (r: Gql) => (r.errors?.[0]?.extensions as { field?: string } | undefined)?.field

const DESK =
  'mutation($p: ID!, $d: DeskInput!) { upsertDesk(partyId: $p, input: $d) { desk { slug priorities calendar { slug } party { slug } } coverageWarnings { party { slug } priority step hole { target reason hours ranges } message } change { mutation subject actor } } }'
const CAL =
  'mutation($c: CalendarInput!) { upsertCalendar(input: $c) { calendar { slug timeZone windows { day start end } holidays } addedHolidays change { mutation } } }'
const IMPORT =
  'mutation($s: String!, $ics: String!) { importCalendarHolidays(calendarSlug: $s, ics: $ics) { calendar { slug holidays } addedHolidays } }'
const email = (slug: string) => [{ kind: 'EMAIL', address: `${slug}@example.com` }]

describe('admin mutations over HTTP', () => {
  it('creates a party with its first desk and integration settings, visible to queries and in the audit trail', async () => {
    const r = ok(
      await run<{
        upsertParty: {
          party: {
            id: string
            slug: string
            kind: string
            integration: { dialect: string; outboundUrl: string; hasOutboundSecret: boolean }
          }
        }
      }>(
        'mutation($i: UpsertPartyInput!) { upsertParty(input: $i) { party { id slug kind integration { dialect outboundUrl hasOutboundSecret } } coverageWarnings { step } change { mutation subject actor } } }',
        {
          i: {
            slug: 'helix',
            name: 'Helix Networks',
            kind: 'CLOUD',
            integration: { dialect: 'SERVICENOW', outboundUrl: 'https://helix.example.com/hooks' },
            desk: {
              slug: 'noc',
              name: 'NOC',
              calendar: '24x7-utc',
              contacts: [
                {
                  slug: 'helix-noc',
                  name: 'Helix NOC',
                  roles: ['on-call'],
                  channels: email('helix-noc'),
                },
              ],
            },
          },
        }
      )
    )
    expect(r.upsertParty.party).toMatchObject({
      slug: 'helix',
      kind: 'CLOUD',
      integration: {
        dialect: 'SERVICENOW',
        outboundUrl: 'https://helix.example.com/hooks',
        hasOutboundSecret: true,
      },
    })
    const party = ok(
      await run<{
        party: { name: string; desks: { slug: string; timeZone: string; is24x7: boolean }[] }
      }>('query($id: ID!) { party(id: $id) { name desks { slug timeZone is24x7 } } }', {
        id: r.upsertParty.party.id,
      })
    )
    expect(party.party).toEqual({
      name: 'Helix Networks',
      desks: [{ slug: 'noc', timeZone: 'UTC', is24x7: true }],
    })
    const audit = ok(
      await run<{
        worldChanges: {
          mutation: string
          subject: string
          actor: string
          beforeHash: string
          afterHash: string
        }[]
      }>('{ worldChanges(first: 1) { mutation subject actor beforeHash afterHash } }')
    )
    expect(audit.worldChanges[0]).toMatchObject({
      mutation: 'upsertParty',
      subject: 'party helix',
      actor: 'test-admin',
    })
    expect(audit.worldChanges[0]!.beforeHash).not.toBe(audit.worldChanges[0]!.afterHash)
  })

  it("sets a party's allowed clock skew with its integration settings, PT2M when omitted, and keeps it in the stored world", async () => {
    const UPSERT =
      'mutation($i: UpsertPartyInput!) { upsertParty(input: $i) { party { slug integration { clockSkew } } } }'
    const desk = { slug: 'noc', name: 'NOC', calendar: '24x7-utc' }
    const set = ok(
      await run<{ upsertParty: { party: { integration: { clockSkew: string } } } }>(UPSERT, {
        i: {
          slug: 'skewco',
          name: 'SkewCo',
          kind: 'OTHER',
          integration: { dialect: 'CANONICAL', clockSkew: 'PT10M' },
          desk,
        },
      })
    )
    expect(set.upsertParty.party.integration.clockSkew).toBe('PT10M')
    expect(
      (
        await f.t.sql`select integration->>'clockSkew' as skew from parties where slug = 'skewco'`
      )[0]!.skew
    ).toBe('PT10M')
    const plain = ok(
      await run<{ upsertParty: { party: { integration: { clockSkew: string } } } }>(UPSERT, {
        i: { slug: 'skewco', name: 'SkewCo', kind: 'OTHER', integration: { dialect: 'CANONICAL' } },
      })
    )
    expect(plain.upsertParty.party.integration.clockSkew).toBe('PT2M')
  })

  it('refuses a new party without a desk, naming the field', async () => {
    const r = await run(
      'mutation { upsertParty(input: { slug: "nodesk", name: "No desk", kind: OTHER }) { party { id } } }'
    )
    expect([code(r), field(r)]).toEqual(['BAD_USER_INPUT', 'input.desk'])
  })

  it('warns when a roster change leaves a ladder step reaching nobody, naming the step and the hours', async () => {
    // Vistula's P1 desk without its duty manager: step 2 of the P1 ladder pages role:duty-manager.
    const desk = {
      slug: 'p1-on-call',
      name: 'P1 on-call',
      calendar: 'warsaw-24x7',
      contacts: [
        {
          slug: 'vistula-oncall',
          name: 'On-call',
          roles: ['on-call'],
          channels: email('vistula-oncall'),
        },
      ],
    }
    const r = ok(
      await run<{
        upsertDesk: {
          desk: unknown
          coverageWarnings: {
            party: { slug: string }
            priority: string
            step: number
            hole: Hole
            message: string
          }[]
          change: unknown
        }
      }>(DESK, { p: f.partyId('vistula'), d: desk })
    )
    expect(r.upsertDesk.desk).toEqual({
      slug: 'p1-on-call',
      priorities: ['P1'],
      calendar: { slug: 'warsaw-24x7' },
      party: { slug: 'vistula' },
    })
    // The account director (step 3) left with the duty manager; both steps now reach nobody all week.
    expect(
      r.upsertDesk.coverageWarnings.map((w) => [
        w.party.slug,
        w.priority,
        w.step,
        w.hole.target,
        w.hole.reason,
        w.hole.hours.length,
        w.hole.ranges,
      ])
    ).toEqual([
      ['vistula', 'P1', 2, 'role:duty-manager', 'NO_CONTACT', 168, ['Mon 00:00–Sun 24:00 UTC']],
      ['vistula', 'P1', 3, 'role:account-director', 'NO_CONTACT', 168, ['Mon 00:00–Sun 24:00 UTC']],
    ])
    expect(r.upsertDesk.coverageWarnings[0]!.message).toBe(
      'vistula P1 step 2: role:duty-manager no-contact (Mon 00:00–Sun 24:00 UTC)'
    )
    expect(r.upsertDesk.change).toEqual({
      mutation: 'upsertDesk',
      subject: 'desk vistula/p1-on-call',
      actor: 'test-admin',
    })
    // The query side sees the same hole.
    const cov = ok(
      await run<{ ladderCoverage: { step: number; holes: { target: string }[] }[] }>(
        'query($p: ID!) { ladderCoverage(partyId: $p) { step holes { target } } }',
        { p: f.partyId('vistula') }
      )
    )
    expect(cov.ladderCoverage.find((s) => s.step === 2)?.holes.map((h) => h.target)).toEqual([
      'role:duty-manager',
    ])
    // Putting the duty manager back warns about nothing.
    const back = ok(
      await run<{ upsertDesk: { coverageWarnings: unknown[] } }>(DESK, {
        p: f.partyId('vistula'),
        d: {
          ...desk,
          contacts: [
            ...desk.contacts,
            {
              slug: 'vistula-duty',
              name: 'Duty',
              roles: ['duty-manager'],
              channels: email('vistula-duty'),
            },
          ],
        },
      })
    )
    expect(back.upsertDesk.coverageWarnings).toEqual([])
  })

  it("reads back every field of a desk's roster as upsertDesk set it; the secret reference only for ADMIN", async () => {
    const contacts = [
      {
        slug: 'mx-lead',
        name: 'Mexico City lead',
        roles: ['on-call', 'duty-manager'],
        timeZone: 'America/Mexico_City',
        quietHours: { start: '22:00', end: '06:00' },
        channels: [
          {
            kind: 'WEBHOOK',
            address: null,
            url: 'https://hooks.example/mx',
            secret: 'env:MX_HOOK',
          },
          { kind: 'EMAIL', address: 'mx-lead@example.com', url: null, secret: null },
          { kind: 'SLACK', address: null, url: 'https://slack.example/mx', secret: null },
        ],
      },
      {
        slug: 'mx-night',
        name: 'Night',
        roles: [],
        timeZone: null,
        quietHours: null,
        channels: [],
      },
    ]
    const READ =
      'query($p: ID!) { party(id: $p) { desks { slug contacts { slug name roles timeZone quietHours { start end } channels { kind address url secret } } } } }'
    type Read = { party: { desks: { slug: string; contacts: unknown }[] } }
    const roster = (r: Read) => r.party.desks.find((d) => d.slug === 'mexico-city')!.contacts
    const desk = (contacts: unknown) => ({
      p: f.partyId('bayside'),
      d: { slug: 'mexico-city', name: 'Mexico City', calendar: 'mexico-city-business', contacts },
    })
    const before = roster(ok(await run<Read>(READ, { p: f.partyId('bayside') })))
    expect(before).toEqual([
      {
        slug: 'bayside-mx',
        name: 'Mexico City lead',
        roles: ['on-call', 'duty-manager'],
        timeZone: 'America/Mexico_City',
        quietHours: null,
        channels: [{ kind: 'EMAIL', address: 'mx@bayside.example', url: null, secret: null }],
      },
    ])
    ok(await run(DESK, desk(contacts)))
    expect(roster(ok(await run<Read>(READ, { p: f.partyId('bayside') })))).toEqual(contacts)
    const viewer = ok(
      await f.gql<Read>(READ, {
        token: await f.token('VIEWER'),
        variables: { p: f.partyId('bayside') },
      })
    )
    expect(roster(viewer)).toEqual([
      {
        ...contacts[0],
        channels: contacts[0]!.channels.map((c) => ({ ...c, secret: null })),
      },
      contacts[1],
    ])
    // What the API reads back is a ContactInput as it stands: sent back, the roster is as it was.
    ok(await run(DESK, desk(before)))
    expect(roster(ok(await run<Read>(READ, { p: f.partyId('bayside') })))).toEqual(before)
  })

  it('warns with the exact hours when a desk moves to a calendar that opens later', async () => {
    // Northwind's service integrator (Bayside's step 2) moves to a New York calendar opening at 09:00 on Mondays:
    // in the reference week (EST) 08:00–09:00 New York is 13:00–14:00 UTC, when Mexico City's desk is open.
    const weekdays = ['tue', 'wed', 'thu', 'fri'].map((day) => ({
      day,
      start: '08:00',
      end: '18:00',
    }))
    ok(
      await run(CAL, {
        c: {
          slug: 'ny-late-monday',
          timeZone: 'America/New_York',
          windows: [{ day: 'mon', start: '09:00', end: '18:00' }, ...weekdays],
        },
      })
    )
    const r = ok(
      await run<{
        upsertDesk: {
          coverageWarnings: {
            party: { slug: string }
            priority: string
            step: number
            hole: Hole
          }[]
        }
      }>(DESK, {
        p: f.partyId('northwind'),
        d: {
          slug: 'service-integration-ny',
          name: 'Service integration NY',
          calendar: 'ny-late-monday',
        },
      })
    )
    expect(
      r.upsertDesk.coverageWarnings.map((w) => [
        w.party.slug,
        w.priority,
        w.step,
        w.hole.target,
        w.hole.reason,
        w.hole.hours,
        w.hole.ranges,
      ])
    ).toEqual([
      [
        'bayside',
        'P2',
        2,
        'retainedRole:service-integrator',
        'DESK_CLOSED',
        [13],
        ['Mon 13:00–14:00 UTC'],
      ],
      [
        'bayside',
        'P3',
        2,
        'retainedRole:service-integrator',
        'DESK_CLOSED',
        [13],
        ['Mon 13:00–14:00 UTC'],
      ],
    ])
  })

  it('answers BAD_USER_INPUT naming the field for a desk on an unknown calendar or a bad contact', async () => {
    const r = await run(DESK, {
      p: f.partyId('vistula'),
      d: { slug: 'x', name: 'X', calendar: 'nowhere' },
    })
    expect([code(r), field(r)]).toEqual(['BAD_USER_INPUT', 'input.calendar'])
    const bad = await run(DESK, {
      p: f.partyId('vistula'),
      d: {
        slug: 'x',
        name: 'X',
        calendar: '24x7-utc',
        contacts: [
          { slug: 'c', name: 'C', channels: [{ kind: 'EMAIL', address: 'not-an-address' }] },
        ],
      },
    })
    expect([code(bad), field(bad)]).toEqual([
      'BAD_USER_INPUT',
      'input.contacts.0.channels.0.address',
    ])
    const noParty = await run(DESK, {
      p: '00000000-0000-4000-8000-000000000000',
      d: { slug: 'x', name: 'X', calendar: '24x7-utc' },
    })
    expect([code(noParty), field(noParty)]).toEqual(['BAD_USER_INPUT', 'partyId'])
  })

  it('removes a desk when safe, and refuses the last desk of a party with CONFLICT', async () => {
    ok(
      await run(DESK, {
        p: f.partyId('stratus'),
        d: { slug: 'spare', name: 'Spare', calendar: '24x7-utc', priorities: ['P4'] },
      })
    )
    const q = 'query($id: ID!) { party(id: $id) { desks { slug } } }'
    expect(
      ok(await run<{ party: { desks: { slug: string }[] } }>(q, { id: f.partyId('stratus') }))
        .party.desks.map((d) => d.slug)
        .sort()
    ).toEqual(['global-support', 'spare'])
    const removed = ok(
      await run<{
        removeDesk: { party: { desks: { slug: string }[] }; change: { mutation: string } }
      }>(
        'mutation($p: ID!) { removeDesk(partyId: $p, slug: "spare") { party { desks { slug } } change { mutation } } }',
        { p: f.partyId('stratus') }
      )
    )
    expect(removed.removeDesk).toEqual({
      party: { desks: [{ slug: 'global-support' }] },
      change: { mutation: 'removeDesk' },
    })
    const last = await run(
      'mutation($p: ID!) { removeDesk(partyId: $p, slug: "global-support") { party { id } } }',
      { p: f.partyId('stratus') }
    )
    expect(code(last)).toBe('CONFLICT')
  })

  it('merges iCalendar holidays into a calendar, which closes it on those days', async () => {
    ok(
      await run(CAL, {
        c: {
          slug: 'krakow-office',
          timeZone: 'Europe/Warsaw',
          windows: ['mon', 'tue', 'wed', 'thu', 'fri'].map((day) => ({
            day,
            start: '09:00',
            end: '17:00',
          })),
          holidays: ['2026-12-25'],
        },
      })
    )
    const at = new Date('2026-12-24T10:00:00Z') // Thursday 11:00 in Warsaw
    const calendar = async (): Promise<BusinessCalendar> => {
      const c = ok(
        await run<{
          calendars: {
            slug: string
            timeZone: string
            windows: { day: string; start: string; end: string }[]
            holidays: string[]
          }[]
        }>('{ calendars { slug timeZone windows { day start end } holidays } }')
      ).calendars.find((x) => x.slug === 'krakow-office')!
      const week: BusinessCalendar['week'] = {}
      for (const w of c.windows) (week[w.day as 'mon'] ??= []).push({ start: w.start, end: w.end })
      return { timeZone: c.timeZone, week, holidays: c.holidays }
    }
    expect(isOpen(at, await calendar())).toBe(true)
    const ics = [
      'BEGIN:VCALENDAR',
      'VERSION:2.0',
      'BEGIN:VEVENT',
      'SUMMARY:Wigilia',
      'DTSTART;VALUE=DATE:20261224',
      'DTEND;VALUE=DATE:20261225',
      'END:VEVENT',
      'BEGIN:VEVENT',
      'SUMMARY:Christmas',
      'DTSTART;VALUE=DATE:20261225',
      'DTEND;VALUE=DATE:20261227',
      'END:VEVENT',
      'END:VCALENDAR',
    ].join('\r\n')
    const r = ok(
      await run<{
        importCalendarHolidays: { calendar: { holidays: string[] }; addedHolidays: string[] }
      }>(IMPORT, { s: 'krakow-office', ics })
    )
    expect(r.importCalendarHolidays).toEqual({
      calendar: { slug: 'krakow-office', holidays: ['2026-12-24', '2026-12-25', '2026-12-26'] },
      addedHolidays: ['2026-12-24', '2026-12-26'],
    })
    expect(isOpen(at, await calendar())).toBe(false)
    // Editing the windows later keeps the imported holidays.
    ok(
      await run(CAL, {
        c: {
          slug: 'krakow-office',
          timeZone: 'Europe/Warsaw',
          windows: [{ day: 'mon', start: '08:00', end: '16:00' }],
        },
      })
    )
    expect((await calendar()).holidays).toEqual(['2026-12-24', '2026-12-25', '2026-12-26'])
  })

  it('names the line of a malformed iCalendar feed and the field of a malformed calendar', async () => {
    const bad = await run(IMPORT, {
      s: 'krakow-office',
      ics: 'BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART;VALUE=DATE:2026-13-01\nEND:VEVENT\nEND:VCALENDAR',
    })
    expect(code(bad)).toBe('BAD_USER_INPUT')
    expect(bad.errors?.[0]?.message).toMatch(/line 3: DTSTART '2026-13-01'/)
    const notIcs = await run(IMPORT, { s: 'krakow-office', ics: 'hello' })
    expect([code(notIcs), notIcs.errors?.[0]?.message]).toEqual([
      'BAD_USER_INPUT',
      'ics: not an iCalendar document: no BEGIN:VCALENDAR line',
    ])
    const unknown = await run(IMPORT, { s: 'nowhere', ics: 'BEGIN:VCALENDAR\nEND:VCALENDAR' })
    expect([code(unknown), field(unknown)]).toEqual(['BAD_USER_INPUT', 'calendarSlug'])
    const zone = await run(CAL, { c: { slug: 'mars', timeZone: 'Mars/Olympus', windows: [] } })
    expect([code(zone), field(zone)]).toEqual(['BAD_USER_INPUT', 'input.timeZone'])
    const window = await run(CAL, {
      c: { slug: 'mars', timeZone: 'UTC', windows: [{ day: 'mon', start: '18:00', end: '09:00' }] },
    })
    expect([code(window), field(window)]).toEqual(['BAD_USER_INPUT', 'input.week.mon[0]'])
  })

  it('publishes a new agreement version while a running incident stays on the version it started with', async () => {
    const openedAt = new Date(Date.now() - 3_600_000).toISOString()
    const inc = await f.seedIncident({
      clientKey: 'admin-pinned',
      holder: 'stratus',
      priority: 'P1',
      openedAt,
      withEvents: true,
    })
    const clocks = async () =>
      ok(
        await run<{
          incident: {
            clocks: {
              metric: string
              target: string
              agreement: { slug: string; version: number }
            }[]
          }
        }>(
          'query($id: ID!) { incident(id: $id) { clocks { metric target agreement { slug version } } } }',
          { id: inc.id }
        )
      ).incident.clocks.filter(
        (c) => c.agreement.slug === 'stratus-hosting' && c.metric === 'RESPONSE'
      )
    expect(await clocks()).toEqual([
      { metric: 'RESPONSE', target: 'PT15M', agreement: { slug: 'stratus-hosting', version: 1 } },
    ])
    const r = ok(
      await run<{
        publishAgreementVersion: {
          agreement: { version: number; name: string; effectiveFrom: string }
        }
      }>(
        'mutation { publishAgreementVersion(input: { slug: "stratus-hosting", name: "Stratus hosting (2027)", targets: [{ priority: [P1], metric: RESPONSE, duration: "PT30M" }] }) { agreement { version name effectiveFrom } change { mutation } } }'
      )
    )
    expect(r.publishAgreementVersion.agreement).toMatchObject({
      version: 2,
      name: 'Stratus hosting (2027)',
    })
    expect(Date.parse(r.publishAgreementVersion.agreement.effectiveFrom)).toBeGreaterThan(
      Date.parse(openedAt)
    )
    const versions = ok(
      await run<{ agreements: { version: number }[] }>(
        '{ agreements(slug: "stratus-hosting") { version } }'
      )
    )
    expect(versions.agreements.map((a) => a.version)).toEqual([1, 2])
    expect(await clocks()).toEqual([
      { metric: 'RESPONSE', target: 'PT15M', agreement: { slug: 'stratus-hosting', version: 1 } },
    ])
    // An incident opened under version 2 binds to it.
    const later = await f.seedIncident({
      clientKey: 'admin-v2',
      holder: 'stratus',
      priority: 'P1',
      openedAt: new Date(
        Date.parse(r.publishAgreementVersion.agreement.effectiveFrom) + 1
      ).toISOString(),
      withEvents: true,
    })
    const v2 = ok(
      await run<{
        incident: { clocks: { target: string; agreement: { slug: string; version: number } }[] }
      }>('query($id: ID!) { incident(id: $id) { clocks { target agreement { slug version } } } }', {
        id: later.id,
      })
    )
    expect(
      v2.incident.clocks
        .filter((c) => c.agreement.slug === 'stratus-hosting')
        .map((c) => [c.agreement.version, c.target])
    ).toContainEqual([2, 'PT30M'])
  })

  it('refuses to rewrite a published version (CONFLICT) or to publish one that takes effect in the past', async () => {
    const rewrite = await run(
      'mutation { publishAgreementVersion(input: { slug: "stratus-hosting", version: 1, name: "rewritten" }) { agreement { id } } }'
    )
    expect(code(rewrite)).toBe('CONFLICT')
    const past = await run(
      'mutation { publishAgreementVersion(input: { slug: "stratus-hosting", effectiveFrom: "2026-01-01T00:00:00Z" }) { agreement { id } } }'
    )
    expect([code(past), field(past)]).toEqual(['BAD_USER_INPUT', 'input.effectiveFrom'])
    const target = await run(
      'mutation { publishAgreementVersion(input: { slug: "stratus-hosting", targets: [{ priority: [P1], metric: RESPONSE, duration: "PT1H", measuredOnCalendar: "nowhere" }] }) { agreement { id } } }'
    )
    expect([code(target), field(target)]).toEqual([
      'BAD_USER_INPUT',
      'input.targets.0.measuredOn.calendar',
    ])
  })

  it('replaces a ladder and warns about a step that pages a role nobody holds', async () => {
    const r = ok(
      await run<{
        upsertLadder: {
          priorities: string[]
          coverage: { step: number }[]
          coverageWarnings: { step: number; hole: Hole }[]
        }
      }>(
        `mutation($p: ID!) { upsertLadder(input: { partyId: $p, priority: [P1, P2], steps: [
        { after: "PT0S", targets: [{ role: "on-call" }] },
        { after: "PT20M", when: UNACCEPTED, targets: [{ role: "vice-president" }] } ] }) { priorities coverage { step } coverageWarnings { step hole { target reason ranges } } } }`,
        { p: f.partyId('stratus') }
      )
    )
    expect(
      r.upsertLadder.coverageWarnings.map((w) => [
        w.step,
        w.hole.target,
        w.hole.reason,
        w.hole.ranges,
      ])
    ).toEqual([
      [2, 'role:vice-president', 'NO_CONTACT', ['Mon 00:00–Sun 24:00 UTC']], // P1
      [2, 'role:vice-president', 'NO_CONTACT', ['Mon 00:00–Sun 24:00 UTC']], // P2
    ])
    expect(r.upsertLadder.coverage.map((s) => s.step)).toEqual([2, 2])
    const preview = ok(
      await run<{ escalationPreview: { step: number }[] }>(
        'query($p: ID!) { escalationPreview(partyId: $p, priority: P1, at: "2026-03-06T20:00:00Z") { step } }',
        { p: f.partyId('stratus') }
      )
    )
    expect(preview.escalationPreview.map((e) => e.step)).toContain(2)
    const overlap = await run(
      'mutation($p: ID!) { upsertLadder(input: { partyId: $p, priority: [P2, P3], steps: [{ after: "PT0S", targets: [{ role: "on-call" }] }] }) { priorities } }',
      { p: f.partyId('stratus') }
    )
    expect([code(overlap), field(overlap)]).toEqual(['BAD_USER_INPUT', 'input.priority'])
    const twoTargets = await run(
      'mutation($p: ID!) { upsertLadder(input: { partyId: $p, priority: [P4], steps: [{ after: "PT0S", targets: [{ role: "a", contact: "b" }] }] }) { priorities } }',
      { p: f.partyId('stratus') }
    )
    expect([code(twoTargets), field(twoTargets)]).toEqual([
      'BAD_USER_INPUT',
      'input.steps.0.targets.0',
    ])
  })

  it('creates a service visible to queries', async () => {
    const r = ok(
      await run<{
        upsertService: {
          service: { slug: string; owner: { slug: string }; providers: { slug: string }[] }
        }
      }>(
        'mutation($o: ID!, $p: [ID!]) { upsertService(input: { slug: "payments", name: "Payments", ownerPartyId: $o, providerPartyIds: $p }) { service { slug owner { slug } providers { slug } } } }',
        { o: f.partyId('northwind'), p: [f.partyId('stratus'), f.partyId('vistula')] }
      )
    )
    expect(r.upsertService.service).toEqual({
      slug: 'payments',
      owner: { slug: 'northwind' },
      providers: [{ slug: 'stratus' }, { slug: 'vistula' }],
    })
    const all = ok(
      await run<{ services: { slug: string; name: string }[] }>('{ services { slug name } }')
    )
    expect(all.services).toContainEqual({ slug: 'payments', name: 'Payments' })
  })

  it('works over a real HTTP socket on loopback, and refuses an INTEGRATOR with FORBIDDEN and no effect', async () => {
    const post = async (token: string, query: string) => {
      const res = await fetch(`${gw.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query }),
      })
      return {
        status: res.status,
        ...((await res.json()) as {
          data?: Record<string, unknown>
          errors?: { extensions?: { code?: string } }[]
        }),
      }
    }
    const mutation =
      'mutation { upsertCalendar(input: { slug: "loopback", timeZone: "Asia/Tokyo", windows: [{ day: "mon", start: "09:00", end: "17:00" }] }) { calendar { slug timeZone } } }'
    const refused = await post(await f.token('INTEGRATOR'), mutation)
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN')
    expect(await f.t.sql`select slug from calendars where slug = 'loopback'`).toHaveLength(0)
    const done = await post(admin, mutation)
    expect(done.data).toEqual({
      upsertCalendar: { calendar: { slug: 'loopback', timeZone: 'Asia/Tokyo' } },
    })
  })
})
