import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { MiddlewareHandler } from 'hono'
import { Histogram, Registry, collectDefaultMetrics } from 'prom-client'

// One registry per process (module scope), shared by every app instance.
export const registry = new Registry()
collectDefaultMetrics({ register: registry, prefix: 'baton_gateway_' })
const latency = new Histogram({
  name: 'baton_graphql_request_duration_seconds',
  help: 'GraphQL request latency by method and HTTP status',
  labelNames: ['method', 'status'],
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
  registers: [registry],
})

const METHODS = new Set(['GET', 'POST', 'OPTIONS'])

/** Times every /graphql request; label values come from a fixed set (never from the request's text). */
export const timeGraphql: MiddlewareHandler = async (c, next) => {
  const end = latency.startTimer({ method: METHODS.has(c.req.method) ? c.req.method : 'OTHER' })
  await next()
  end({ status: String(c.res.status) })
}

/**
 * Prometheus `GET /metrics` on a port of its own (BATON_GATEWAY_METRICS_PORT), never on the
 * public one: scrape it from inside the cluster. Everything else on it answers 404.
 */
export function serveMetrics(o: {
  port: number
  hostname: string
}): Promise<{ port: number; close: () => Promise<void> }> {
  const server = createServer((req, res) => {
    if (req.method !== 'GET' || req.url?.split('?')[0] !== '/metrics') {
      res.writeHead(404).end()
      return
    }
    registry.metrics().then(
      (text) => res.writeHead(200, { 'content-type': registry.contentType }).end(text),
      () => res.writeHead(500).end()
    )
  })
  return new Promise((resolve) =>
    server.listen(o.port, o.hostname, () =>
      resolve({
        port: (server.address() as AddressInfo).port,
        close: () => new Promise<void>((r) => server.close(() => r())),
      })
    )
  )
}
