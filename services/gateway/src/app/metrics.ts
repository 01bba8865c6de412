import { serveMetrics as serveRegistry } from '@baton/temporal/metrics'
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

/** Prometheus `GET /metrics` of this process's registry on a port of its own (BATON_GATEWAY_METRICS_PORT), never on the public one. */
export const serveMetrics = (o: { port: number; hostname: string }) => serveRegistry(registry, o)
