import { describe, expect, it } from 'vitest'
import type { Client } from 'graphql-ws'
import WebSocket from 'ws'
import { createApiToken, recordIncidentEvent } from '@baton/db'
import { serveFixtureForFile, wsClient } from '../testing/served-gateway.test-support.ts'

// graphql-ws under issue #19: a revoked token loses its open sockets within seconds, every
// operation re-checks its token, a message-size limit applies before authentication, and
// mutations are answered as on HTTP.
const s = serveFixtureForFile()

const wsUrl = () => `${s.gw.url.replace('http', 'ws')}/graphql`

function connect(token: string) {
  const closed: number[] = []
  const client = wsClient(s, {
    connectionParams: { Authorization: `Bearer ${token}` },
    onClosed: (code) => closed.push(code),
  })
  return { client, closed }
}

const once = (client: Client, query: string) =>
  new Promise<{ data?: unknown; errors?: { message: string; extensions?: { code?: string } }[] }>(
    (resolve, reject) => {
      let result: unknown
      client.subscribe(
        { query },
        {
          next: (v) => (result = v),
          error: (e) => reject(e instanceof Error ? e : new Error(JSON.stringify(e))),
          complete: () => resolve(result as never),
        }
      )
    }
  )

const revokeBySql = (id: string) =>
  s.f.t.sql`update api_tokens set revoked_at = now() where id = ${id}`

describe('graphql-ws hardening (issue #19)', () => {
  it('answers mutations like HTTP: a result or an error, and the socket stays open', async () => {
    const { client, closed } = connect(await s.f.token('ADMIN'))
    const made = await once(
      client,
      'mutation { createApiToken(input: { name: "over-ws", role: VIEWER }) { name role } }'
    )
    expect(made).toEqual({ data: { createApiToken: { name: 'over-ws', role: 'VIEWER' } } })
    const viewer = connect(await s.f.token('VIEWER'))
    const refused = await once(
      viewer.client,
      'mutation { createApiToken(input: { name: "nope", role: VIEWER }) { name } }'
    )
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN')
    expect(await once(client, '{ viewer { role } }')).toEqual({
      data: { viewer: { role: 'ADMIN' } },
    })
    expect(closed).toEqual([])
    expect(viewer.closed).toEqual([])
  })

  it('re-checks the token on every operation and closes a revoked token’s sockets within seconds', async () => {
    const made = await createApiToken(s.f.t.db, { name: 'ws-revoked', role: 'ADMIN' })
    const { client, closed } = connect(made.token)
    expect(await once(client, '{ viewer { role } }')).toEqual({
      data: { viewer: { role: 'ADMIN' } },
    })
    const revokedAt = performance.now()
    // Revoked in the database, as another replica or the CLI would: no cache of this process is told.
    await revokeBySql(made.id)
    await expect.poll(() => closed, { timeout: 5_000, interval: 100 }).toEqual([4403])
    expect(performance.now() - revokedAt).toBeLessThan(4_000)
  })

  it("ends a revoked VENDOR token's subscription", async () => {
    const inc = await s.f.seedIncident({ clientKey: 'ws-hard-sen', holder: 'sentinel' })
    const made = await createApiToken(s.f.t.db, {
      name: 'ws-vendor',
      role: 'VENDOR',
      partyId: s.f.partyId('sentinel'),
    })
    const { client, closed } = connect(made.token)
    const received: unknown[] = []
    client.subscribe(
      { query: 'subscription { incidentEvents { entry { seq } } }' },
      { next: (v) => received.push(v), error: () => {}, complete: () => {} }
    )
    await new Promise((r) => setTimeout(r, 500)) // LISTEN is set up by the first subscriber
    await revokeBySql(made.id)
    await expect.poll(() => closed, { timeout: 5_000, interval: 100 }).toEqual([4403])
    await recordIncidentEvent(s.f.t.db, {
      incidentId: inc.id,
      seq: 2,
      idempotencyKey: `ws-hard/${inc.key}/2`,
      at: '2026-03-06T20:05:00.000Z',
      type: 'comment',
      actor: 'northwind',
      data: { party: 'northwind', body: 'after revocation' },
    })
    await new Promise((r) => setTimeout(r, 500))
    expect(received).toEqual([])
  })

  it('limits the message size before authentication: a 2 MB connection_init closes the socket with 1009', async () => {
    const ws = new WebSocket(wsUrl(), 'graphql-transport-ws')
    await new Promise((r) => ws.once('open', r))
    const code = new Promise<number>((r) => ws.once('close', (c) => r(c)))
    ws.send(
      JSON.stringify({ type: 'connection_init', payload: { junk: 'x'.repeat(2 * 1024 * 1024) } })
    )
    expect(await code).toBe(1009)
  })
})
