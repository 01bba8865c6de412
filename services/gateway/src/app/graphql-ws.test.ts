import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createClient, type Client } from 'graphql-ws'
import WebSocket from 'ws'
import { recordIncidentEvent } from '@baton/db'
import { serveGateway, type ServedGateway } from './serve-gateway.ts'
import { createGatewayFixture, type GatewayFixture } from '../testing/gateway-fixture.ts'

let f: GatewayFixture
let gw: ServedGateway
const clients: Client[] = []

beforeAll(async () => {
  f = await createGatewayFixture()
  gw = await serveGateway(f.app, { port: 0 })
})
afterAll(async () => {
  for (const c of clients) await c.dispose()
  await gw?.close()
  await f?.close()
})

const connect = (payload: Record<string, unknown>, onClosed?: (code: number) => void) => {
  const client = createClient({
    url: `${gw.url.replace('http', 'ws')}/graphql`,
    webSocketImpl: WebSocket,
    connectionParams: payload,
    retryAttempts: 0,
    lazy: false,
    onNonLazyError: () => {}, // the close is asserted through on.closed
    on: { closed: (e) => onClosed?.((e as { code: number }).code) },
  })
  clients.push(client)
  return client
}

/** Subscribes and collects `next` payloads; `errors` gets what the server sent as an error message. */
function subscribe(client: Client, query: string, variables: Record<string, unknown> = {}) {
  const received: unknown[] = []
  const errors: unknown[] = []
  const stop = client.subscribe(
    { query, variables },
    { next: (v) => received.push(v), error: (e) => errors.push(e), complete: () => {} }
  )
  return { received, errors, stop }
}

const SUB =
  'subscription($id: ID) { incidentEvents(incidentId: $id) { incident { key } entry { seq type } } }'

describe('incidentEvents over graphql-ws', () => {
  it("streams events scoped like queries: staff sees all, a vendor only its own, NOT_FOUND for another vendor's incident", async () => {
    const sen = await f.seedIncident({ clientKey: 'ws-sen', holder: 'sentinel' })
    const vis = await f.seedIncident({ clientKey: 'ws-vis', holder: 'vistula' })
    const admin = subscribe(connect({ Authorization: `Bearer ${await f.token('ADMIN')}` }), SUB)
    const vendorClient = connect({ authorization: `Bearer ${await f.token('VENDOR', 'sentinel')}` })
    const vendor = subscribe(vendorClient, SUB)
    const foreign = subscribe(vendorClient, SUB, { id: vis.id })
    await expect.poll(() => foreign.received.length, { timeout: 10_000 }).toBe(1)
    expect(foreign.received).toMatchObject([{ errors: [{ extensions: { code: 'NOT_FOUND' } }] }])
    await new Promise((r) => setTimeout(r, 500)) // LISTEN is set up by the first subscriber
    for (const inc of [vis, sen]) {
      await recordIncidentEvent(f.t.db, {
        incidentId: inc.id,
        seq: 2,
        idempotencyKey: `ws/${inc.key}/2`,
        at: '2026-03-06T20:05:00.000Z',
        type: 'comment',
        actor: 'northwind',
        data: { party: 'northwind', body: 'hi' },
      })
    }
    await expect.poll(() => admin.received.length, { timeout: 10_000 }).toBe(2)
    await expect.poll(() => vendor.received.length, { timeout: 10_000 }).toBe(1)
    await new Promise((r) => setTimeout(r, 300))
    expect(vendor.received).toEqual([
      {
        data: {
          incidentEvents: { incident: { key: sen.key }, entry: { seq: 2, type: 'comment' } },
        },
      },
    ])
    expect(foreign.received).toHaveLength(1)
    admin.stop()
    vendor.stop()
  })

  it('refuses VENDOR introspection like HTTP does', async () => {
    const client = connect({ Authorization: `Bearer ${await f.token('VENDOR', 'sentinel')}` })
    const r = subscribe(client, '{ __schema { queryType { name } } }')
    await expect.poll(() => r.errors.length, { timeout: 10_000 }).toBe(1)
    expect(JSON.stringify(r.errors[0])).toMatch(/introspection/i)
    expect(r.received).toEqual([])
  })

  it('closes the connection with 4403 for a missing or bad token', async () => {
    for (const payload of [{}, { Authorization: 'Bearer not-a-token' }]) {
      let code: number | undefined
      const client = connect(payload, (c) => {
        code = c
      })
      const r = subscribe(client, SUB)
      await expect.poll(() => code, { timeout: 10_000 }).toBe(4403)
      expect(r.received).toEqual([])
    }
  })
})
