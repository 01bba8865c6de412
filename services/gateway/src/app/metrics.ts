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

/** Times every /graphql request. */
export const timeGraphql: MiddlewareHandler = async (c, next) => {
  const end = latency.startTimer({ method: c.req.method })
  await next()
  end({ status: String(c.res.status) })
}
