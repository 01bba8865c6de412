import type { VendorDialect } from '../vendor-dialect.ts'
import { mapPriority } from '../map-priority.ts'
import { standardWebhookScheme } from '../signing-schemes.ts'
import { CanonicalWebhook } from './canonical-schema.ts'
import { OutboundMessage } from '../../delivery/outbound-message.ts'

export const canonicalDialect: VendorDialect<CanonicalWebhook> = {
  name: 'canonical',
  summary:
    'Standard Webhooks: webhook-id, webhook-timestamp, webhook-signature (v1,<base64 HMAC-SHA256 of id.timestamp.body>)',
  headers: {
    'webhook-id': 'message id (dedup key)',
    'webhook-timestamp': 'unix seconds, 5-minute tolerance',
    'webhook-signature': 'space-separated v1,<base64> signatures',
  },
  schema: CanonicalWebhook,
  timeField: 'occurredAt',
  ...standardWebhookScheme,
  toInbound(body, mappings) {
    const d = body.data
    return {
      type: body.type,
      incident: body.incident,
      occurredAt: body.occurredAt,
      actor: body.actor,
      priority: mapPriority(mappings, d.priority, 'data.priority'),
      title: d.title,
      reason: d.reason,
      reasonCode: d.reasonCode,
      context: d.context,
      handoffId: d.handoffId,
      to: d.to,
      on: d.on,
      body: d.body,
      resolution: d.resolution,
      clockId: d.clockId,
      evidence: d.evidence,
    }
  },
  // Canonical outbound is the OutboundMessage itself, unchanged.
  outbound: { schema: OutboundMessage, render: (message) => message },
}
