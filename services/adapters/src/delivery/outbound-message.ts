import { z } from 'zod'

export const OutboundType = z.enum([
  'incident.assigned',
  'handoff.offered',
  'handoff.withdrawn',
  'incident.updated',
  'escalation.triggered',
  'incident.resolved',
  'incident.closed',
])
export type OutboundType = z.infer<typeof OutboundType>

/** What Baton POSTs to a vendor's endpoint, signed with Standard Webhooks and its outbound secret. */
export const OutboundMessage = z
  .object({
    type: OutboundType,
    incident: z.object({
      id: z.string(),
      key: z.string(),
      title: z.string().optional(),
      priority: z.string().optional(),
      status: z.string().optional(),
      holder: z.string().optional(),
      vendorRef: z.string().nullable().optional(),
    }),
    occurredAt: z.iso.datetime({ offset: true }),
    data: z.record(z.string(), z.unknown()).describe('the canonical event that caused the message'),
  })
  .meta({ id: 'OutboundMessage' })
export type OutboundMessage = z.infer<typeof OutboundMessage>
