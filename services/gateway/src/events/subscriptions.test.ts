import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { recordIncidentEvent } from '@baton/db'
import { serveGateway, type ServedGateway } from '../app/serve-gateway.ts'
import { createGatewayFixture, type GatewayFixture } from '../testing/gateway-fixture.ts'

let f: GatewayFixture
let gw: ServedGateway

beforeAll(async () => {
  f = await createGatewayFixture()
  gw = await serveGateway(f.app, { port: 0 })
})
afterAll(async () => {
  await gw?.close()
  await f?.close()
})

/** Opens an SSE subscription and collects the `next` payloads until `count` arrive. */
function subscribe(token: string, query: string, variables: Record<string, unknown> = {}) {
  const controller = new AbortController()
  const received: unknown[] = []
  const opened = fetch(`${gw.url}/graphql`, {
    method: 'POST',
    signal: controller.signal,
    headers: {
      'content-type': 'application/json',
      accept: 'text/event-stream',
      authorization: `Bearer ${token}`,
    },
    body: JSON.stringify({ query, variables }),
  })
  const done = opened
    .then(async (res) => {
      const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader()
      let buffer = ''
      for (;;) {
        const { value, done: end } = await reader.read()
        if (end) return
        buffer += value
        let i
        while ((i = buffer.indexOf('\n\n')) >= 0) {
          const chunk = buffer.slice(0, i)
          buffer = buffer.slice(i + 2)
          const data = chunk.split('\n').find((l) => l.startsWith('data:'))
          if (data && chunk.includes('event: next')) received.push(JSON.parse(data.slice(5)))
        }
      }
    })
    .catch(() => {})
  return {
    received,
    stop: async () => {
      controller.abort()
      await done
    },
    ready: opened,
  }
}

const SUB =
  'subscription($id: ID) { incidentEvents(incidentId: $id) { incident { key } entry { seq type } } }'

describe('incidentEvents over SSE', () => {
  it('streams each committed ledger entry to subscribers allowed to see the incident, and nothing else', async () => {
    const sen = await f.seedIncident({ clientKey: 'sub-sen', holder: 'sentinel' })
    const vis = await f.seedIncident({ clientKey: 'sub-vis', holder: 'vistula' })
    const admin = subscribe(await f.token('ADMIN'), SUB)
    const vendor = subscribe(await f.token('VENDOR', 'sentinel'), SUB)
    const one = subscribe(await f.token('VIEWER'), SUB, { id: vis.id })
    await Promise.all([admin.ready, vendor.ready, one.ready])
    await new Promise((r) => setTimeout(r, 300)) // LISTEN is set up by the first subscriber
    for (const inc of [vis, sen]) {
      await recordIncidentEvent(f.t.db, {
        incidentId: inc.id,
        seq: 2,
        idempotencyKey: `sub/${inc.key}/2`,
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
    expect(one.received).toEqual([
      {
        data: {
          incidentEvents: { incident: { key: vis.key }, entry: { seq: 2, type: 'comment' } },
        },
      },
    ])
    await Promise.all([admin.stop(), vendor.stop(), one.stop()])
  })
})
