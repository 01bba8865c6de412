import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createClient, type Client } from 'graphql-ws'
import WebSocket from 'ws'
import { recordIncidentEvent } from '@baton/db'
import { createGatewayApp } from '../app/create-gateway-app.ts'
import { serveGateway, type ServedGateway } from '../app/serve-gateway.ts'
import { createGatewayFixture, type GatewayFixture } from '../testing/gateway-fixture.ts'

let f: GatewayFixture
let gw: ServedGateway
let client: Client
let now = new Date('2026-03-06T20:05:00.000Z')

beforeAll(async () => {
  f = await createGatewayFixture()
  gw = await serveGateway(createGatewayApp({ ...f.app.graphql.deps, now: () => now }), { port: 0 })
  client = createClient({
    url: `${gw.url.replace('http', 'ws')}/graphql`,
    webSocketImpl: WebSocket,
    connectionParams: { Authorization: `Bearer ${await f.token('ADMIN')}` },
    retryAttempts: 0,
  })
})
afterAll(async () => {
  await client?.dispose()
  await gw?.close()
  await f?.close()
})

describe('incidentEvents live clocks', () => {
  it("computes each event's clocks as of that event, not as of the subscription's first one", async () => {
    const inc = await f.seedIncident({
      clientKey: 'sub-clocks',
      holder: 'sentinel',
      withEvents: true,
    })
    const received: { clocks: { metric: string; state: string; party: { slug: string } }[] }[] = []
    client.subscribe(
      {
        query: `subscription($id: ID) { incidentEvents(incidentId: $id) { incident { clocks { metric state party { slug } } } } }`,
        variables: { id: inc.id },
      },
      {
        next: (v) => {
          received.push(
            (v.data as { incidentEvents: { incident: (typeof received)[number] } }).incidentEvents
              .incident
          )
        },
        error: () => {},
        complete: () => {},
      }
    )
    await new Promise((r) => setTimeout(r, 500)) // LISTEN is set up by the first subscriber
    const comment = (seq: number) =>
      recordIncidentEvent(f.t.db, {
        incidentId: inc.id,
        seq,
        idempotencyKey: `sub-clocks/${seq}`,
        at: now.toISOString(),
        type: 'comment',
        actor: 'northwind',
        data: { party: 'northwind', body: 'update' },
      })
    const sentinelResponse = (i: number) =>
      received[i]?.clocks.find((c) => c.metric === 'RESPONSE' && c.party.slug === 'sentinel')?.state
    await comment(2)
    await expect.poll(() => received.length, { timeout: 10_000 }).toBe(1)
    now = new Date('2026-03-06T20:30:00.000Z') // Sentinel's 10-minute response target has passed
    await comment(3)
    await expect.poll(() => received.length, { timeout: 10_000 }).toBe(2)
    expect([sentinelResponse(0), sentinelResponse(1)]).toEqual(['RUNNING', 'BREACHED'])
  })

  it("reads each event's handoff afresh: one the projection's events name before its row exists is not remembered as missing", async () => {
    now = new Date('2026-03-06T20:25:00.000Z')
    const inc = await f.seedIncident({
      clientKey: 'sub-handoff',
      holder: 'sentinel',
      withEvents: true,
    })
    type Payload = {
      lastSeq: number
      handoffs: { id: string }[]
      clocks: { metric: string; handoff: { id: string } | null }[]
    }
    const received: Payload[] = []
    client.subscribe(
      {
        query: `subscription($id: ID) { incidentEvents(incidentId: $id) { incident { lastSeq handoffs { id } clocks { metric handoff { id } } } } }`,
        variables: { id: inc.id },
      },
      {
        next: (v) => {
          received.push(
            (v.data as { incidentEvents: { incident: Payload } }).incidentEvents.incident
          )
        },
        error: () => {},
        complete: () => {},
      }
    )
    await new Promise((r) => setTimeout(r, 500))
    const opened = {
      type: 'opened',
      at: '2026-03-06T20:00:00.000Z',
      priority: 'P1',
      holder: 'sentinel',
      title: 'Incident sub-handoff',
    }
    const offered = {
      type: 'handoff_offered',
      at: '2026-03-06T20:20:00.000Z',
      handoffId: `${inc.key}-H1`,
      from: 'sentinel',
      to: 'stratus',
      reason: 'block ranges at the WAF',
    }
    const projection = (
      handoffs: { id: string; from: string; to: string; state: string; offeredAt: string }[]
    ) => ({
      title: 'Incident sub-handoff',
      priority: 'P1',
      status: 'OPEN',
      holder: 'sentinel',
      handoffs,
      state: { events: [opened, offered] },
    })
    // The workflow's state already holds the offer when an earlier activity's entry (a delivery
    // report) is recorded; the offer's own entry, with its handoffs row, follows.
    await recordIncidentEvent(f.t.db, {
      incidentId: inc.id,
      seq: 2,
      idempotencyKey: 'sub-handoff/2',
      at: '2026-03-06T20:04:00.000Z',
      type: 'notification.delivery',
      actor: 'baton',
      data: {},
      projection: projection([]),
    })
    await expect.poll(() => received.length, { timeout: 10_000 }).toBe(1)
    await recordIncidentEvent(f.t.db, {
      incidentId: inc.id,
      seq: 3,
      idempotencyKey: 'sub-handoff/3',
      at: offered.at,
      type: 'handoff_offered',
      actor: 'sentinel',
      data: offered,
      projection: projection([
        {
          id: offered.handoffId,
          from: 'sentinel',
          to: 'stratus',
          state: 'OFFERED',
          offeredAt: offered.at,
        },
      ]),
    })
    await expect.poll(() => received.length, { timeout: 10_000 }).toBe(2)
    const acceptance = (p: Payload) => p.clocks.find((c) => c.metric === 'HANDOFF_ACCEPT')
    expect(received[0]!.handoffs).toEqual([])
    expect(acceptance(received[0]!)?.handoff).toBeNull()
    expect(received[1]!.handoffs).toEqual([{ id: offered.handoffId }])
    expect(acceptance(received[1]!)?.handoff).toEqual({ id: offered.handoffId })
  })
})
