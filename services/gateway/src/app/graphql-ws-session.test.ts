import { describe, expect, it } from 'vitest'
import type { Client } from 'graphql-ws'
import WebSocket from 'ws'
import { serveFixtureForFile, wsClient } from '../testing/served-gateway.test-support.ts'

const s = serveFixtureForFile()

async function signIn(token: string): Promise<string> {
  const res = await fetch(`${s.gw.url}/auth/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: s.gw.url },
    body: JSON.stringify({ token }),
  })
  expect(res.status).toBe(200)
  return res.headers.get('set-cookie')!.split(';')[0]!
}

/** A graphql-ws client whose upgrade request carries these headers, as a browser's would (cookie, Origin); no connectionParams. */
function connect(headers: Record<string, string>) {
  let closedWith: number | undefined
  class BrowserLike extends WebSocket {
    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols, { headers })
    }
  }
  const client = wsClient(s, {
    webSocketImpl: BrowserLike,
    onClosed: (code) => {
      closedWith = code
    },
  })
  return { client, closedWith: () => closedWith }
}

const run = (client: Client, query: string) =>
  new Promise<unknown>((resolve, reject) => {
    let result: unknown
    client.subscribe(
      { query },
      {
        next: (v) => {
          result = v
        },
        error: reject,
        complete: () => resolve(result),
      }
    )
  })

describe('graphql-ws with the console session cookie', () => {
  it("authenticates the upgrade by its cookie from the gateway's own origin, scoped like the token", async () => {
    const own = await s.f.seedIncident({ clientKey: 'ws-cookie-own', holder: 'sentinel' })
    await s.f.seedIncident({ clientKey: 'ws-cookie-foreign', holder: 'vistula' })
    const cookie = await signIn(await s.f.token('VENDOR', 'sentinel'))
    const { client } = connect({ cookie, origin: s.gw.url })
    const result = await run(client, '{ incidents(first: 50) { edges { node { key } } } }')
    expect(result).toEqual({ data: { incidents: { edges: [{ node: { key: own.key } }] } } })
  })

  it('closes with 4403 for a cookie sent from another origin, a signed-out session, or no credentials', async () => {
    const cookie = await signIn(await s.f.token('VIEWER'))
    const foreign = connect({ cookie, origin: 'https://evil.example' })
    await expect.poll(foreign.closedWith, { timeout: 10_000 }).toBe(4403)

    const out = await signIn(await s.f.token('VIEWER'))
    const res = await fetch(`${s.gw.url}/auth/session`, {
      method: 'DELETE',
      headers: { cookie: out, origin: s.gw.url, 'x-baton-csrf': '1' },
    })
    expect(res.status).toBe(204)
    const ended = connect({ cookie: out, origin: s.gw.url })
    await expect.poll(ended.closedWith, { timeout: 10_000 }).toBe(4403)

    const none = connect({ origin: s.gw.url })
    await expect.poll(none.closedWith, { timeout: 10_000 }).toBe(4403)
  })
})
