import { z } from 'zod'
import type { OutboundType } from '../../delivery/outbound-message.ts'
import {
  BatonFields,
  batonFieldsOf,
  describeOutbound,
  vendorPriorityOf,
  type OutboundRendering,
} from '../outbound-rendering.ts'

const SEVERITY = { P1: 'critical', P2: 'error', P3: 'warning', P4: 'info' } as const
// Events API v2 knows three actions: Baton's assignment, offer, update and escalation (re)trigger the alert.
const ACTION: Record<OutboundType, 'trigger' | 'resolve'> = {
  'incident.assigned': 'trigger',
  'handoff.offered': 'trigger',
  'incident.updated': 'trigger',
  'escalation.triggered': 'trigger',
  'handoff.withdrawn': 'resolve',
  'incident.resolved': 'resolve',
  'incident.closed': 'resolve',
}

/** Baton's outbound message as a PagerDuty Events-API-v2-style event; dedup_key is the Baton incident key. */
export const PagerDutyOutbound = z
  .object({
    event_action: z
      .enum(['trigger', 'acknowledge', 'resolve'])
      .describe(
        'trigger: assigned, offered, updated, escalated; resolve: resolved, closed, hand-off withdrawn'
      ),
    dedup_key: z.string().describe('the Baton incident key: one alert per incident'),
    client: z.literal('Baton'),
    payload: z.object({
      summary: z.string().describe('what happened, in one line'),
      source: z.literal('baton'),
      severity: z
        .enum(['critical', 'error', 'warning', 'info'])
        .describe('P1 critical, P2 error, P3 warning, P4 info'),
      timestamp: z.string(),
      custom_details: z.object({
        incident_id: z.string().nullable().describe('your incident id, once Baton knows it'),
        title: z.string().optional(),
        priority: z
          .string()
          .optional()
          .describe("your priority name, from the party's priority table in reverse"),
        baton: BatonFields,
      }),
    }),
  })
  .meta({
    id: 'PagerDutyOutbound',
    description:
      'A PagerDuty Events-API-v2-style event: event_action trigger or resolve, dedup_key the Baton incident key, payload.summary saying what happened, severity from the priority, custom_details with your incident id, your priority name and the canonical fields.',
  })
export type PagerDutyOutbound = z.infer<typeof PagerDutyOutbound>

export const pagerDutyOutbound: OutboundRendering<PagerDutyOutbound> = {
  schema: PagerDutyOutbound,
  render(message, mappings) {
    // The action is PagerDuty's own vocabulary, not a ticket state: only the priority goes through the table.
    const mapped = vendorPriorityOf(message, mappings)
    const priority = mapped?.value
    const unmapped = mapped?.unmapped ? ['priority'] : []
    const p = message.incident.priority
    return {
      event_action: ACTION[message.type],
      dedup_key: message.incident.key,
      client: 'Baton',
      payload: {
        summary: describeOutbound(message),
        source: 'baton',
        severity: p && p in SEVERITY ? SEVERITY[p as keyof typeof SEVERITY] : 'warning',
        timestamp: message.occurredAt,
        custom_details: {
          incident_id: message.incident.vendorRef ?? null,
          ...(message.incident.title ? { title: message.incident.title } : {}),
          ...(priority ? { priority } : {}),
          baton: batonFieldsOf(message, unmapped),
        },
      },
    }
  },
}
