import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { serveMetrics } from './app/metrics.ts'
import { loadGatewayConfig } from './config.ts'
import { createGatewayFixture, type GatewayFixture } from './testing/gateway-fixture.ts'

let f: GatewayFixture
beforeAll(async () => {
  f = await createGatewayFixture()
})
afterAll(async () => {
  await f?.close()
})

describe('gateway metrics', () => {
  it('exposes GraphQL latency in Prometheus text format on a port of its own, not on the public one', async () => {
    await f.gql('{ parties { name } }', { token: await f.token('VIEWER') })
    const metrics = await serveMetrics({ port: 0, hostname: '127.0.0.1' })
    try {
      const res = await fetch(`http://127.0.0.1:${metrics.port}/metrics`)
      expect(res.status).toBe(200)
      expect(await res.text()).toMatch(
        /baton_graphql_request_duration_seconds_count\{method="POST",status="200"\} [1-9]/
      )
      expect((await fetch(`http://127.0.0.1:${metrics.port}/graphql`)).status).toBe(404)
    } finally {
      await metrics.close()
    }
    const pub = await f.app.request('/metrics')
    expect(pub.status).toBe(404)
    expect(await pub.text()).not.toMatch(/baton_graphql_request_duration_seconds/)
  })

  it('labels requests by a fixed set of methods, never by what a client sends', async () => {
    await f.app.request('/graphql', { method: 'PURGE' })
    const metrics = await serveMetrics({ port: 0, hostname: '127.0.0.1' })
    try {
      const text = await (await fetch(`http://127.0.0.1:${metrics.port}/metrics`)).text()
      expect(text).not.toMatch(/method="PURGE"/)
    } finally {
      await metrics.close()
    }
  })

  it('listens on loopback unless the deployment names an address; metrics off unless given a port', () => {
    const config = loadGatewayConfig({ DATABASE_URL: 'postgres://x' })
    expect(config.BATON_GATEWAY_HOST).toBe('127.0.0.1')
    expect(config.BATON_GATEWAY_METRICS_PORT).toBe(0)
  })
})
