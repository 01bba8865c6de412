import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createGatewayFixture, type GatewayFixture } from './testing/gateway-fixture.ts'

let f: GatewayFixture
beforeAll(async () => {
  f = await createGatewayFixture()
})
afterAll(async () => {
  await f?.close()
})

describe('gateway metrics', () => {
  it('exposes GraphQL latency at /metrics in Prometheus text format', async () => {
    await f.gql('{ parties { name } }', { token: await f.token('VIEWER') })
    const res = await f.app.request('/metrics')
    expect(res.status).toBe(200)
    expect(await res.text()).toMatch(
      /baton_graphql_request_duration_seconds_count\{method="POST",status="200"\} [1-9]/
    )
  })
})
