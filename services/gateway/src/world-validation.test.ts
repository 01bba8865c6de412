import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { WorldProblem } from '@baton/domain'
import { createGatewayFixture, type GatewayFixture } from './testing/gateway-fixture.ts'

// The admin mutations refuse a change that would leave the world invalid (the domain's
// validateWorld, as `baton apply` and npm start), with every problem in extensions.problems.

let f: GatewayFixture
let admin: string
beforeAll(async () => {
  f = await createGatewayFixture()
  admin = await f.token('ADMIN')
})
afterAll(() => f?.close())

type Ext = { code?: string; field?: string; problems?: WorldProblem[] }
const run = async (query: string, variables: Record<string, unknown> = {}) => {
  const r = await f.gql(query, { token: admin, variables })
  return { ...r, ext: (r.errors?.[0]?.extensions ?? {}) as Ext }
}
const worldHash = async () =>
  (
    await f.t.sql<{ n: number; desks: number; windows: string }[]>`
      select (select count(*)::int from world_changes) as n,
             (select count(*)::int from desks) as desks,
             (select string_agg(slug || ':' || config::text, ',' order by slug) from calendars) as windows`
  )[0]!

const CAL =
  'mutation($c: CalendarInput!) { upsertCalendar(input: $c) { calendar { slug } change { mutation } } }'

describe('world validation in the admin mutations', () => {
  it('refuses overlapping business windows as BAD_USER_INPUT with the problem in extensions, changing nothing', async () => {
    const before = await worldHash()
    const r = await run(CAL, {
      c: {
        slug: 'tokyo-support',
        timeZone: 'Asia/Tokyo',
        windows: [
          { day: 'mon', start: '09:00', end: '13:00' },
          { day: 'mon', start: '12:00', end: '18:00' },
        ],
      },
    })
    expect(r.data).toBeNull()
    expect(r.ext.code).toBe('BAD_USER_INPUT')
    expect(r.ext.problems).toHaveLength(1)
    expect(r.ext.problems![0]).toMatchObject({
      path: expect.stringMatching(/^\$\.calendars\[\d+\]\.week\.mon\[1\]$/),
      value: { start: '12:00', end: '18:00' },
      message: expect.stringMatching(/^overlaps mon\[0\] \(09:00-13:00 and 12:00-18:00\)/),
    })
    expect(r.ext.field).toBe(r.ext.problems![0]!.path)
    expect(r.errors![0]!.message).toMatch(/^the change would leave the world invalid \(1 problem;/)
    expect(await worldHash()).toEqual(before)
  })

  it('suggests the IANA zone meant', async () => {
    const r = await run(CAL, {
      c: {
        slug: 'tokyo-support',
        timeZone: 'Asia/Tokio',
        windows: [{ day: 'mon', start: '09:00', end: '18:00' }],
      },
    })
    expect(r.ext).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.timeZone' })
    expect(r.errors![0]!.message).toMatch(/did you mean Asia\/Tokyo\?$/)
  })

  it('refuses to remove a desk whose contact a ladder names, keeping the desk', async () => {
    const ladder = await run(
      'mutation($p: ID!) { upsertLadder(input: { partyId: $p, priority: [P4], steps: [{ after: "PT0S", targets: [{ contact: "vistula-ad" }] }] }) { priorities } }',
      { p: f.partyId('vistula') }
    )
    expect(ladder.errors).toBeUndefined()
    const before = await worldHash()
    const r = await run(
      'mutation($p: ID!) { removeDesk(partyId: $p, slug: "p1-on-call") { party { slug } } }',
      {
        p: f.partyId('vistula'),
      }
    )
    expect(r.ext.code).toBe('BAD_USER_INPUT')
    expect(r.ext.problems).toEqual([
      {
        path: expect.stringMatching(/^\$\.ladders\[\d+\]\.steps\[0\]\.targets\[0\]\.contact$/),
        value: 'vistula-ad',
        message: 'unknown contact',
      },
    ])
    expect(await worldHash()).toEqual(before)
  })
})
