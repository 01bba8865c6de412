import { serveMetrics as serveRegistry } from '@baton/temporal/metrics'
import type { Context, MiddlewareHandler } from 'hono'
import { Counter, Registry, collectDefaultMetrics } from 'prom-client'
import type { DeliveryRequest, DeliveryResult } from '@baton/temporal'

// One registry per process (module scope): every app instance and the delivery worker share it.
export const registry = new Registry()
collectDefaultMetrics({ register: registry, prefix: 'baton_adapters_' })
const webhooks = new Counter({
  name: 'baton_webhooks_total',
  help: 'Vendor webhooks answered, by party and HTTP status',
  labelNames: ['party', 'status'],
  registers: [registry],
})
const deliveries = new Counter({
  name: 'baton_delivery_attempts_total',
  help: 'Outbound delivery attempts to vendors, by party and outcome',
  labelNames: ['party', 'outcome'],
  registers: [registry],
})

// The party a webhook route found, set by the route: a slug of the URL becomes a label value only
// when it names a party of the world (unauthenticated requests to random slugs add no series).
const KNOWN_PARTY = 'batonKnownParty'
export const markKnownParty = (c: Context, slug: string) =>
  c.set(KNOWN_PARTY as never, slug as never)

/** Counts every webhook answer (accepted and refused) by known party slug ('unknown' otherwise) and status. */
export const countWebhooks: MiddlewareHandler = async (c, next) => {
  await next()
  const party = (c.get(KNOWN_PARTY as never) as string | undefined) ?? 'unknown'
  webhooks.inc({ party, status: String(c.res.status) })
}

/** Wraps the delivery activity so each attempt and its outcome is counted. */
export function countDeliveries<
  T extends { deliverToVendor(r: DeliveryRequest): Promise<DeliveryResult> },
>(activities: T): T {
  return {
    ...activities,
    async deliverToVendor(request: DeliveryRequest) {
      try {
        const result = await activities.deliverToVendor(request)
        deliveries.inc({ party: request.party, outcome: result.status.toLowerCase() })
        return result
      } catch (error) {
        deliveries.inc({ party: request.party, outcome: 'failed' })
        throw error
      }
    },
  }
}

/** Prometheus `GET /metrics` of this process's registry on a port of its own (BATON_ADAPTERS_METRICS_PORT), never on the public one. */
export const serveMetrics = (o: { port: number; hostname: string }) => serveRegistry(registry, o)
