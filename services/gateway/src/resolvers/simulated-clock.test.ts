import { describe, expect, it } from 'vitest'
import { recordIncidentEvent } from '@baton/db'
import { adminFixtureForFile } from '../testing/served-gateway.test-support.ts'

// An incident on a simulated clock (the played outage: March 2026 at 60x) is read at its own
// instant, not at the machine's date months later, where every deadline would be long breached.
const s = adminFixtureForFile()

const QUERY = `query($id: ID!) { incident(id: $id) { asOf simulatedClock { origin speed } clocks { metric state deadline party { slug } } } }`
type Answer = {
  asOf: string
  simulatedClock: { origin: string; speed: number } | null
  clocks: { metric: string; state: string; deadline: string | null; party: { slug: string } }[]
}
const read = async (id: string) =>
  ((await s.f.gql(QUERY, { token: s.admin, variables: { id } })) as { data: { incident: Answer } })
    .data.incident

describe('Incident.asOf and simulatedClock', () => {
  it("evaluates a simulated incident's clocks at its own current instant, moving at its speed", async () => {
    const inc = await s.f.seedIncident({
      clientKey: 'sim-clock',
      holder: 'sentinel',
      withEvents: true,
    })
    const origin = '2026-03-06T20:00:00.000Z'
    // Started 5 real seconds ago at 60x: the incident's time is about 20:05, five minutes in.
    const realOrigin = new Date(Date.now() - 5_000).toISOString()
    await recordIncidentEvent(s.f.t.db, {
      incidentId: inc.id,
      seq: 2,
      idempotencyKey: 'sim-clock/2',
      at: origin,
      type: 'comment',
      actor: 'northwind',
      data: { party: 'northwind', body: 'bridge open' },
      projection: {
        title: 'Incident sim-clock',
        priority: 'P1',
        status: 'OPEN',
        holder: 'sentinel',
        state: {
          events: [{ type: 'opened', at: origin, priority: 'P1', holder: 'sentinel', title: 'x' }],
          segments: [{ party: 'sentinel', from: origin, state: 'working' }],
          clock: { origin, realOrigin, speed: 60, advancedMs: 0 },
        },
      },
    })
    const before = Date.now()
    const a = await read(inc.id)
    const lo = Date.parse(origin) + (before - Date.parse(realOrigin)) * 60
    const hi = Date.parse(origin) + (Date.now() - Date.parse(realOrigin)) * 60
    expect(Date.parse(a.asOf)).toBeGreaterThanOrEqual(lo)
    expect(Date.parse(a.asOf)).toBeLessThanOrEqual(hi)
    expect(a.simulatedClock).toEqual({ origin, speed: 60 })
    // Sentinel's 10-minute response clock runs (at the machine's date it would read BREACHED).
    const response = a.clocks.find((c) => c.metric === 'RESPONSE' && c.party.slug === 'sentinel')
    expect(response).toMatchObject({ state: 'RUNNING', deadline: '2026-03-06T20:10:00.000Z' })
    // A second later the incident's time has moved about a minute.
    await new Promise((r) => setTimeout(r, 1_000))
    expect(Date.parse((await read(inc.id)).asOf) - Date.parse(a.asOf)).toBeGreaterThanOrEqual(
      60_000
    )
  })

  it('reads a real incident at the request time, without a simulated clock', async () => {
    const inc = await s.f.seedIncident({
      clientKey: 'real-clock',
      holder: 'sentinel',
      withEvents: true,
    })
    const before = Date.now()
    const a = await read(inc.id)
    expect(a.simulatedClock).toBeNull()
    expect(Date.parse(a.asOf)).toBeGreaterThanOrEqual(before - 1)
    expect(Date.parse(a.asOf)).toBeLessThanOrEqual(Date.now())
  })
})
