import { mapState } from '../inbound-message.ts'
import { mapPriority } from '../map-priority.ts'
import { hexSignedScheme } from '../signing-schemes.ts'
import type { VendorDialect } from '../vendor-dialect.ts'
import { PagerDutyWebhook } from './pagerduty-schema.ts'
import { pagerDutyOutbound } from './pagerduty-outbound.ts'

const signedAt = (body: string): number | null => {
  try {
    return (
      Date.parse(
        (JSON.parse(body) as { event?: { occurred_at?: string } }).event?.occurred_at ?? ''
      ) || null
    )
  } catch {
    return null
  }
}
const bakedId = (key: string | null | undefined) =>
  key && /^(INC-\d+|[0-9a-f-]{36})$/i.test(key) ? key : undefined

export const pagerDutyDialect: VendorDialect<PagerDutyWebhook> = {
  name: 'pagerduty',
  summary:
    'PagerDuty v3 webhooks: X-PagerDuty-Signature v1=<hex HMAC-SHA256 of the body>; event.id is the message id; event.occurred_at within 5 minutes',
  headers: { 'x-pagerduty-signature': 'comma-separated v1=<hex> signatures' },
  schema: PagerDutyWebhook,
  timeField: 'event.occurred_at',
  ...hexSignedScheme({
    header: 'X-PagerDuty-Signature',
    prefix: 'v1=',
    timeField: 'event.occurred_at',
    signedAt,
  }),
  messageId: (_raw, body) => body.event.id,
  toInbound(body, mappings) {
    const e = body.event
    const action = e.event_type.slice('incident.'.length)
    const type = mapState(mappings, action, 'event.event_type')
    const incident = e.data.incident ?? e.data
    const note = e.data.content
    return {
      type,
      incident: { vendorRef: incident.id, id: bakedId(e.data.incident_key) },
      occurredAt: e.occurred_at,
      actor: e.agent?.summary ? { name: e.agent.summary } : undefined,
      priority: mapPriority(mappings, e.data.priority?.summary, 'event.data.priority.summary'),
      title: e.data.title,
      to: e.data.assignees?.[0]?.summary,
      reason:
        note ??
        (type === 'handoff.requested'
          ? `reassigned in PagerDuty to ${e.data.assignees?.[0]?.summary ?? '?'}`
          : undefined),
      body: note,
      resolution: e.data.resolve_reason ?? undefined,
      fields: { to: 'event.data.assignees.0.summary' },
    }
  },
  outbound: pagerDutyOutbound,
}
