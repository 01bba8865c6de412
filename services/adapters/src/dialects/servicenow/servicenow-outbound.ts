import { z } from 'zod'
import {
  BatonFields,
  batonFieldsOf,
  describeOutbound,
  handoffOf,
  vendorFieldsOf,
  type OutboundRendering,
} from '../outbound-rendering.ts'

/** Baton's outbound message as a ServiceNow-style incident record update (the body of a record PATCH). */
export const ServiceNowOutbound = z
  .object({
    number: z.string().optional().describe('your incident number, once Baton knows it'),
    correlation_id: z.string().describe('the Baton incident key'),
    correlation_display: z.literal('Baton'),
    short_description: z.string().optional(),
    state: z
      .string()
      .optional()
      .describe(
        "your state code, from the party's state table in reverse; absent when the message changes no state or the table has none (then u_baton.unmapped names it)"
      ),
    priority: z
      .string()
      .optional()
      .describe("your priority code, from the party's priority table in reverse"),
    work_notes: z.string().describe('what happened, in one line'),
    u_handoff_to: z.string().optional(),
    sys_updated_on: z.string().describe("'YYYY-MM-DD HH:mm:ss' (UTC)"),
    u_baton: BatonFields,
  })
  .meta({
    id: 'ServiceNowOutbound',
    description:
      'A ServiceNow-style incident record update: number (your ref), correlation_id (Baton key), state and priority in your codes, a work note saying what happened, u_baton with the canonical fields.',
  })
export type ServiceNowOutbound = z.infer<typeof ServiceNowOutbound>

export const serviceNowOutbound: OutboundRendering<ServiceNowOutbound> = {
  schema: ServiceNowOutbound,
  render(message, mappings) {
    const { state, priority, unmapped } = vendorFieldsOf(message, mappings)
    const to = handoffOf(message).to
    const iso = new Date(message.occurredAt).toISOString()
    return {
      ...(message.incident.vendorRef ? { number: message.incident.vendorRef } : {}),
      correlation_id: message.incident.key,
      correlation_display: 'Baton',
      ...(message.incident.title ? { short_description: message.incident.title } : {}),
      ...(state ? { state } : {}),
      ...(priority ? { priority } : {}),
      work_notes: describeOutbound(message),
      ...(to ? { u_handoff_to: to } : {}),
      sys_updated_on: `${iso.slice(0, 10)} ${iso.slice(11, 19)}`,
      u_baton: batonFieldsOf(message, unmapped),
    }
  },
}
