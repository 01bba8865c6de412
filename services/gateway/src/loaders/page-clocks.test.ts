import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { pino } from 'pino'
import { allocateIncident, loadPinnedWorld, recordIncidentEvent } from '@baton/db'
import { computeClocks, computeIncidentView, type IncidentEvent, type World } from '@baton/domain'
import { createGatewayApp, type GatewayApp } from '../app/create-gateway-app.ts'
import { createGatewayFixture, type GatewayFixture } from '../testing/gateway-fixture.ts'
import { formatIsoDuration } from '../graphql/scalars.ts'

// The incidents page's live clocks come from a process-wide world snapshot, with warning figures
// skipped: they must still equal the domain's computeClocks with its defaults, field by field.
// The custody and clock specs behind them are kept per projection; the figures are as of each request.
// The world is checked on every request here (worldMs 0): world-freshness.test.ts covers the bound.
const NOW = new Date('2026-03-06T23:00:00Z')
let f: GatewayFixture
let app: GatewayApp
let token: string
const seeded: { id: string; openedAt: string; events: IncidentEvent[] }[] = []

const at = (hhmm: string) => `2026-03-06T${hhmm}:00.000Z`
const STORIES: {
  holder: string
  priority: 'P1' | 'P2' | 'P3'
  events: (o: string) => IncidentEvent[]
}[] = [
  // acknowledged, then an offer nobody answers: the OLA runs out and the receiver becomes accountable
  {
    holder: 'stratus',
    priority: 'P1',
    events: (o) => [
      {
        type: 'opened',
        at: o,
        priority: 'P1',
        holder: 'stratus',
        title: 't',
        serviceId: 'online-checkout',
      },
      { type: 'acknowledged', at: at('20:05'), party: 'stratus' },
      {
        type: 'handoff_offered',
        at: at('20:30'),
        handoffId: 'h-a',
        from: 'stratus',
        to: 'sentinel',
        reason: 'network',
      },
    ],
  },
  // waiting on another vendor, then resumed
  {
    holder: 'vistula',
    priority: 'P2',
    events: (o) => [
      { type: 'opened', at: o, priority: 'P2', holder: 'vistula', title: 't' },
      { type: 'waiting', at: at('20:10'), party: 'vistula', on: 'bayside', reason: 'logs' },
      { type: 'resumed', at: at('21:00'), party: 'vistula' },
    ],
  },
  // handed off and accepted
  {
    holder: 'sentinel',
    priority: 'P1',
    events: (o) => [
      {
        type: 'opened',
        at: o,
        priority: 'P1',
        holder: 'sentinel',
        title: 't',
        serviceId: 'online-checkout',
      },
      {
        type: 'handoff_offered',
        at: at('20:20'),
        handoffId: 'h-b',
        from: 'sentinel',
        to: 'vistula',
        reason: 'app',
      },
      { type: 'handoff_accepted', at: at('20:25'), handoffId: 'h-b', party: 'vistula' },
    ],
  },
  // still unacknowledged, on a business-hours desk's party
  {
    holder: 'bayside',
    priority: 'P2',
    events: (o) => [{ type: 'opened', at: o, priority: 'P2', holder: 'bayside', title: 't' }],
  },
]

beforeAll(async () => {
  f = await createGatewayFixture()
  token = await f.token('ADMIN')
  for (const [i, s] of STORIES.entries()) {
    const openedAt = at(`20:0${i}`)
    const events = s.events(openedAt)
    const inc = await allocateIncident(f.t.db, {
      clientKey: `clocks-${i}`,
      title: 't',
      priority: s.priority,
      holder: s.holder,
      openedAt,
    })
    await recordIncidentEvent(f.t.db, {
      incidentId: inc.id,
      seq: 1,
      idempotencyKey: `clocks/${inc.key}/1`,
      at: openedAt,
      type: 'opened',
      actor: 'northwind',
      data: {},
      projection: {
        title: 't',
        priority: s.priority,
        status: 'OPEN',
        holder: s.holder,
        state: { events, segments: [] },
      },
    })
    seeded.push({ id: inc.id, openedAt, events })
  }
  app = createGatewayApp({
    db: f.t,
    temporal: f.client,
    taskQueue: 'unused',
    logger: pino({ level: 'silent' }),
    publicUrl: 'http://127.0.0.1',
    now: () => NOW,
    freshness: { worldMs: 0 },
  })
})
afterAll(async () => {
  await app?.close()
  await f?.close()
})

type PageClock = {
  id: string
  metric: string
  state: string
  target: string
  elapsed: string
  remaining: string
  deadline: string | null
  breachedAt: string | null
  cycle: number
  party: { slug: string }
  attributedTo: { slug: string } | null
  agreement: { slug: string; version: number }
}
async function page(): Promise<{ id: string; clocks: PageClock[] }[]> {
  const query = `{ incidents(first: 50) { nodes { id clocks { id metric state target elapsed remaining deadline breachedAt cycle party { slug } attributedTo { slug } agreement { slug version } } } } }`
  const res = await app.request('/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query }),
  })
  const body = (await res.json()) as {
    data?: { incidents: { nodes: { id: string; clocks: PageClock[] }[] } }
    errors?: unknown
  }
  expect(body.errors).toBeUndefined()
  return body.data!.incidents.nodes
}

const iso = (s: string | null) => (s === null ? null : new Date(s).toISOString())

describe('live clocks on the incidents page', () => {
  it('equal the domain computeClocks (default options, world pinned at opening) for every field the page shows', async () => {
    const nodes = await page()
    let compared = 0
    for (const s of seeded) {
      const world = (await loadPinnedWorld(f.t.db, s.openedAt)) as World
      const expected = computeClocks({ events: s.events, world }, NOW).map((c) => ({
        id: c.id,
        metric: c.metric,
        state: c.state,
        target: formatIsoDuration(c.targetMs),
        elapsed: formatIsoDuration(c.elapsedMs),
        remaining: formatIsoDuration(c.remainingMs),
        deadline: c.deadline,
        breachedAt: c.breachedAt,
        cycle: c.cycle,
        party: { slug: c.party },
        attributedTo: c.attributedTo ? { slug: c.attributedTo } : null,
        agreement: { slug: c.agreement.slug, version: c.agreement.version },
      }))
      const actual = nodes
        .find((n) => n.id === s.id)!
        .clocks.map((c) => ({ ...c, deadline: iso(c.deadline), breachedAt: iso(c.breachedAt) }))
      expect(actual).toEqual(expected)
      compared += expected.length
    }
    expect(compared).toBeGreaterThan(8)
    // The stories reach every state a live page shows, so a drift in any of them would fail here.
    const states = new Set(nodes.flatMap((n) => n.clocks.map((c) => c.state)))
    expect([...states].sort()).toEqual(expect.arrayContaining(['BREACHED', 'MET', 'RUNNING']))
  })

  it('shows whose time it was: the accountable stretches the clocks were computed from', async () => {
    const query = `{ incidents(first: 50) { nodes { id accountability { party { slug } from to why } } } }`
    const res = await app.request('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query }),
    })
    type Stretch = { party: { slug: string }; from: string; to: string | null; why: string }
    const body = (await res.json()) as {
      data: { incidents: { nodes: { id: string; accountability: Stretch[] }[] } }
    }
    const why = { holder: 'HOLDING', 'waited-on': 'WAITED_ON', 'overdue-offer': 'OVERDUE_OFFER' }
    for (const s of seeded) {
      const world = (await loadPinnedWorld(f.t.db, s.openedAt)) as World
      const expected = computeIncidentView({ events: s.events, world }, NOW).accountability.map(
        (a) => ({
          party: { slug: a.party },
          from: new Date(a.from).toISOString(),
          to: Number.isFinite(a.to) ? new Date(a.to).toISOString() : null,
          why: why[a.why],
        })
      )
      const actual = body.data.incidents.nodes.find((n) => n.id === s.id)!.accountability
      expect(actual.map((a) => ({ ...a, from: iso(a.from), to: iso(a.to) }))).toEqual(expected)
    }
    // The unanswered offer to Sentinel ran past its 15-minute OLA at 20:45: Sentinel's time since.
    const offered = body.data.incidents.nodes.find((n) => n.id === seeded[0]!.id)!.accountability
    expect(offered.map((a) => `${iso(a.from)?.slice(11, 16)} ${a.party.slug} ${a.why}`)).toEqual([
      '20:00 stratus HOLDING',
      '20:45 sentinel OVERDUE_OFFER',
    ])
    expect(offered.at(-1)!.to).toBeNull()
  })

  it('serves the same figures again from the shared world snapshot, and sees a world change on the next request', async () => {
    const first = await page()
    expect(await page()).toEqual(first)
    const names = async () => {
      const res = await app.request('/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query: '{ parties { slug name } }' }),
      })
      return ((await res.json()) as { data: { parties: { slug: string; name: string }[] } }).data
        .parties
    }
    expect((await names()).find((p) => p.slug === 'stratus')?.name).not.toBe('Stratus Renamed')
    await f.t.sql`update parties set name = 'Stratus Renamed' where slug = 'stratus'`
    expect((await names()).find((p) => p.slug === 'stratus')?.name).toBe('Stratus Renamed')
    // A new agreement version in force before the openings changes the pinned world of every row.
    const before = (await page()).find((n) => n.id === seeded[3]!.id)!.clocks
    await f.t
      .sql`update agreements set config = jsonb_set(config, '{targets}', (select jsonb_agg(jsonb_set(t, '{duration}', '"PT9H"')) from jsonb_array_elements(config->'targets') t)) where slug = 'bayside-support'`
    const after = (await page()).find((n) => n.id === seeded[3]!.id)!.clocks
    expect(before.some((c) => c.agreement.slug === 'bayside-support')).toBe(true)
    expect(
      after.filter((c) => c.agreement.slug === 'bayside-support').every((c) => c.target === 'PT9H')
    ).toBe(true)
  })
})
