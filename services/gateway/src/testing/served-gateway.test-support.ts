import { afterAll, beforeAll } from 'vitest'
import { createClient, type Client, type ClientOptions } from 'graphql-ws'
import WebSocket from 'ws'
import { recordIncidentEvent } from '@baton/db'
import { serveGateway, type ServedGateway } from '../app/serve-gateway.ts'
import { createGatewayFixture, type GatewayFixture } from './gateway-fixture.ts'

/**
 * For one test file: the gateway fixture and an ADMIN token on it, made before its tests (set on
 * the returned object then) and closed after them.
 */
export function adminFixtureForFile(): { f: GatewayFixture; admin: string } {
  const s = {} as { f: GatewayFixture; admin: string }
  beforeAll(async () => {
    s.f = await createGatewayFixture()
    s.admin = await s.f.token('ADMIN')
  })
  afterAll(async () => {
    await s.f?.close()
  })
  return s
}

/** The gateway fixture served on a loopback port, and the graphql-ws clients a test file opened on it. */
export type ServedFixture = { f: GatewayFixture; gw: ServedGateway; clients: Client[] }

/**
 * For one test file: the gateway fixture served on a free loopback port before its tests (set on
 * the returned object then), and after them its graphql-ws clients disposed, the server and fixture closed.
 */
export function serveFixtureForFile(): ServedFixture {
  const s = { clients: [] as Client[] } as ServedFixture
  beforeAll(async () => {
    s.f = await createGatewayFixture()
    s.gw = await serveGateway(s.f.app, { port: 0 })
  })
  afterAll(async () => {
    for (const c of s.clients) await c.dispose()
    await s.gw?.close()
    await s.f?.close()
  })
  return s
}

/**
 * A graphql-ws client of the served gateway that connects at once and never retries; `onClosed`
 * gets the close code. Disposed after the file's tests.
 */
export function wsClient(
  s: ServedFixture,
  o: {
    connectionParams?: Record<string, unknown>
    webSocketImpl?: ClientOptions['webSocketImpl']
    onClosed?: (code: number) => void
  }
): Client {
  const client = createClient({
    url: `${s.gw.url.replace('http', 'ws')}/graphql`,
    webSocketImpl: o.webSocketImpl ?? WebSocket,
    ...(o.connectionParams ? { connectionParams: o.connectionParams } : {}),
    retryAttempts: 0,
    lazy: false,
    onNonLazyError: () => {}, // the close is asserted through onClosed
    on: { closed: (e) => o.onClosed?.((e as { code: number }).code) },
  })
  s.clients.push(client)
  return client
}

/** The incidentEvents subscription, for one incident or (without `id`) all the caller may see. */
export const INCIDENT_EVENTS =
  'subscription($id: ID) { incidentEvents(incidentId: $id) { incident { key } entry { seq type } } }'

/** Northwind comments on each incident as its second ledger entry, as the workflow would record it. */
export async function commentOnEach(
  f: GatewayFixture,
  incidents: { id: string; key: string }[],
  keyPrefix: string
) {
  for (const inc of incidents) {
    await recordIncidentEvent(f.t.db, {
      incidentId: inc.id,
      seq: 2,
      idempotencyKey: `${keyPrefix}/${inc.key}/2`,
      at: '2026-03-06T20:05:00.000Z',
      type: 'comment',
      actor: 'northwind',
      data: { party: 'northwind', body: 'hi' },
    })
  }
}

/** What a subscriber of INCIDENT_EVENTS receives for that comment on the incident `key`. */
export const commentReceived = (key: string) => ({
  data: { incidentEvents: { incident: { key }, entry: { seq: 2, type: 'comment' } } },
})
