import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { pino } from 'pino'
import { createGatewayApp, type GatewayApp } from './create-gateway-app.ts'
import { serveGateway, type ServedGateway } from './serve-gateway.ts'
import { createGatewayFixture, type GatewayFixture } from '../testing/gateway-fixture.ts'

// Issue #19: GraphQL requests are limited per API token, and the limit is shared by every gateway
// replica through Postgres (api_token_rate_buckets), as the adapters' per-party limit is.
const RATE = 5
let f: GatewayFixture
const replicas: { app: GatewayApp; served: ServedGateway }[] = []

beforeAll(async () => {
  f = await createGatewayFixture()
  for (let i = 0; i < 2; i++) {
    const app = createGatewayApp({
      db: f.t,
      temporal: f.client,
      taskQueue: 'gateway-test-unused',
      logger: pino({ level: 'silent' }),
      publicUrl: 'http://127.0.0.1',
      rateLimit: { perTokenPerSecond: RATE },
    })
    replicas.push({ app, served: await serveGateway(app, { port: 0 }) })
  }
})
afterAll(async () => {
  for (const r of replicas) await r.served.close()
  await f?.close()
})

const ask = (replica: number, token: string) =>
  fetch(`${replicas[replica]!.served.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query: '{ viewer { name } }' }),
  })

describe('per-token GraphQL rate limit across replicas (issue #19)', () => {
  it('admits about the rate across two replicas, answers 429 with Retry-After beyond it, and leaves other tokens alone', async () => {
    const busy = await f.token('VIEWER')
    const started = performance.now()
    const statuses: number[] = []
    let refused: Response | undefined
    for (let i = 0; i < 60; i++) {
      const res = await ask(i % 2, busy)
      statuses.push(res.status)
      if (res.status === 429) refused ??= res
      else await res.arrayBuffer()
    }
    const seconds = (performance.now() - started) / 1000
    const admitted = statuses.filter((s) => s === 200).length
    expect(statuses.every((s) => s === 200 || s === 429)).toBe(true)
    // The shared bucket: the rate over the run, one second's burst, and what each replica holds
    // in stock (under two leases of one token each) — not twice that, as two local limits would allow.
    expect(admitted).toBeLessThanOrEqual(Math.ceil(RATE * seconds) + RATE + 4)
    expect(admitted).toBeGreaterThanOrEqual(RATE)
    expect(refused).toBeDefined()
    expect(Number(refused!.headers.get('retry-after'))).toBeGreaterThanOrEqual(1)
    const body = (await refused!.json()) as { errors: { extensions: { code: string } }[] }
    expect(body.errors[0]!.extensions.code).toBe('RATE_LIMITED')
    // Another token has its own bucket.
    expect((await ask(1, await f.token('VIEWER'))).status).toBe(200)
  })
})
