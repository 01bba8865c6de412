import type { Dialect } from '@baton/domain'
import { OutboundMessage } from '../delivery/outbound-message.ts'
import type { Mappings } from '../dialects/inbound-message.ts'
import { mapPriority } from '../dialects/map-priority.ts'
import type { BatonFields } from '../dialects/outbound-rendering.ts'
import { JiraOutbound } from '../dialects/jira/jira-outbound.ts'
import { PagerDutyOutbound } from '../dialects/pagerduty/pagerduty-outbound.ts'
import { ServiceNowOutbound } from '../dialects/servicenow/servicenow-outbound.ts'

type VendorView = {
  vendorRef: string | null | undefined
  title: string | undefined
  vendorPriority: string | undefined
  baton: BatonFields
}

/**
 * What a simulated vendor understands of a Baton message in its own dialect: the shape is parsed
 * with that dialect's outbound schema (a vendor that cannot parse it answers 400), the vendor's
 * priority is mapped forward through its table (the canonical fallback when Baton had none).
 */
export function readOutbound(format: Dialect, body: unknown, m: Mappings): OutboundMessage {
  if (format === 'canonical') return OutboundMessage.parse(body)
  const v = viewOf(format, body)
  const b = v.baton
  const priority =
    (v.vendorPriority !== undefined ? mapPriority(m, v.vendorPriority, 'priority') : undefined) ??
    b.priority
  return OutboundMessage.parse({
    type: b.event,
    incident: {
      id: b.incident_id,
      key: b.incident_key,
      vendorRef: v.vendorRef ?? null,
      ...(v.title ? { title: v.title } : {}),
      ...(priority ? { priority } : {}),
      ...(b.status ? { status: b.status } : {}),
      ...(b.holder ? { holder: b.holder } : {}),
    },
    occurredAt: b.occurred_at,
    data: {
      ...(b.handoff_id ? { handoffId: b.handoff_id } : {}),
      ...(b.handoff_to ? { to: b.handoff_to } : {}),
    },
  })
}

function viewOf(format: Exclude<Dialect, 'canonical'>, body: unknown): VendorView {
  switch (format) {
    case 'servicenow': {
      const r = ServiceNowOutbound.parse(body)
      return {
        vendorRef: r.number,
        title: r.short_description,
        vendorPriority: r.priority,
        baton: r.u_baton,
      }
    }
    case 'jira': {
      const r = JiraOutbound.parse(body)
      return {
        vendorRef: r.issueKey,
        title: r.fields.summary,
        vendorPriority: r.fields.priority?.name,
        baton: r.properties[0]!.value,
      }
    }
    case 'pagerduty': {
      const r = PagerDutyOutbound.parse(body)
      const d = r.payload.custom_details
      return {
        vendorRef: d.incident_id,
        title: d.title,
        vendorPriority: d.priority,
        baton: d.baton,
      }
    }
  }
}
