import { describe, expect, it } from 'vitest'
import type { Client } from 'graphql-ws'
import {
  commentOnEach,
  commentReceived,
  INCIDENT_EVENTS,
  serveFixtureForFile,
  wsClient,
} from '../testing/served-gateway.test-support.ts'

const s = serveFixtureForFile()

const connect = (payload: Record<string, unknown>, onClosed?: (code: number) => void) =>
  wsClient(s, { connectionParams: payload, ...(onClosed ? { onClosed } : {}) })

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

describe('incidentEvents over graphql-ws', () => {
  it("streams events scoped like queries: staff sees all, a vendor only its own, NOT_FOUND for another vendor's incident", async () => {
    const sen = await s.f.seedIncident({ clientKey: 'ws-sen', holder: 'sentinel' })
    const vis = await s.f.seedIncident({ clientKey: 'ws-vis', holder: 'vistula' })
    const admin = subscribe(
      connect({ Authorization: `Bearer ${await s.f.token('ADMIN')}` }),
      INCIDENT_EVENTS
    )
    const vendorClient = connect({
      authorization: `Bearer ${await s.f.token('VENDOR', 'sentinel')}`,
    })
    const vendor = subscribe(vendorClient, INCIDENT_EVENTS)
    const foreign = subscribe(vendorClient, INCIDENT_EVENTS, { id: vis.id })
    await expect.poll(() => foreign.received.length, { timeout: 10_000 }).toBe(1)
    expect(foreign.received).toMatchObject([{ errors: [{ extensions: { code: 'NOT_FOUND' } }] }])
    await new Promise((r) => setTimeout(r, 500)) // LISTEN is set up by the first subscriber
    await commentOnEach(s.f, [vis, sen], 'ws')
    await expect.poll(() => admin.received.length, { timeout: 10_000 }).toBe(2)
    await expect.poll(() => vendor.received.length, { timeout: 10_000 }).toBe(1)
    await new Promise((r) => setTimeout(r, 300))
    expect(vendor.received).toEqual([commentReceived(sen.key)])
    expect(foreign.received).toHaveLength(1)
    admin.stop()
    vendor.stop()
  })

  it('refuses VENDOR introspection like HTTP does', async () => {
    const client = connect({ Authorization: `Bearer ${await s.f.token('VENDOR', 'sentinel')}` })
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
      const r = subscribe(client, INCIDENT_EVENTS)
      await expect.poll(() => code, { timeout: 10_000 }).toBe(4403)
      expect(r.received).toEqual([])
    }
  })
})
