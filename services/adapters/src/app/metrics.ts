import type { Hono, MiddlewareHandler } from 'hono'
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

/** Counts every webhook answer (accepted and refused) by party slug and status. */
export const countWebhooks: MiddlewareHandler = async (c, next) => {
  await next()
  webhooks.inc({ party: c.req.param('partySlug') ?? 'unknown', status: String(c.res.status) })
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

export const metricsRoute = (app: Hono) =>
  app.get('/metrics', async (c) =>
    c.text(await registry.metrics(), 200, { 'content-type': registry.contentType })
  )
