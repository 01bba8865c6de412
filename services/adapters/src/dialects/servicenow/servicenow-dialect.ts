import { ServiceError } from '@baton/domain'
import { mapState, type InboundType } from '../inbound-message.ts'
import { mapPriority } from '../map-priority.ts'
import { standardWebhookScheme } from '../signing-schemes.ts'
import type { VendorDialect } from '../vendor-dialect.ts'
import { ServiceNowRecord } from './servicenow-schema.ts'
import { serviceNowOutbound } from './servicenow-outbound.ts'

function typeOf(
  r: ServiceNowRecord,
  mappings: Parameters<VendorDialect['toInbound']>[1]
): InboundType {
  const changed = r.changed_fields
  if (!changed || changed.includes('state')) return mapState(mappings, r.state, 'state')
  if (changed.includes('priority')) return 'incident.updated'
  if (changed.includes('work_notes') && r.work_notes) return 'incident.comment'
  throw new ServiceError(
    'UNPROCESSABLE',
    `no mapped change among ${changed.join(', ') || '(none)'}`,
    { field: 'changed_fields' }
  )
}

export const serviceNowDialect: VendorDialect<ServiceNowRecord> = {
  name: 'servicenow',
  summary:
    'ServiceNow-style incident record, signed with Standard Webhooks headers; state and priority codes through the mapping table',
  headers: {
    'webhook-id': 'message id',
    'webhook-timestamp': 'unix seconds',
    'webhook-signature': 'v1,<base64>',
  },
  schema: ServiceNowRecord,
  timeField: 'sys_updated_on',
  ...standardWebhookScheme,
  toInbound(r, mappings) {
    const type = typeOf(r, mappings)
    return {
      type,
      incident: { vendorRef: r.number, id: r.correlation_id || undefined },
      occurredAt: `${r.sys_updated_on.replace(' ', 'T')}Z`,
      actor: r.sys_updated_by ? { name: r.sys_updated_by } : undefined,
      priority:
        type === 'incident.updated' || type === 'incident.opened'
          ? mapPriority(mappings, r.priority, 'priority')
          : undefined,
      title: r.short_description,
      reason: r.work_notes || r.close_notes || undefined,
      body: r.work_notes || undefined,
      resolution: r.close_notes || r.work_notes || undefined,
      to: r.u_handoff_to,
      on: r.u_waiting_on,
      fields: { to: 'u_handoff_to', on: 'u_waiting_on' },
    }
  },
  outbound: serviceNowOutbound,
}
