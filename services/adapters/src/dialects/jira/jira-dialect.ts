import { ServiceError } from '@baton/domain'
import { mapState, type InboundType } from '../inbound-message.ts'
import { mapPriority } from '../map-priority.ts'
import { hexSignedScheme } from '../signing-schemes.ts'
import type { VendorDialect } from '../vendor-dialect.ts'
import { JiraWebhook } from './jira-schema.ts'
import { jiraOutbound } from './jira-outbound.ts'

const label = (labels: readonly string[], prefix: string) =>
  labels.find((l) => l.startsWith(prefix))?.slice(prefix.length) || undefined
const signedAt = (body: string): number | null => {
  try {
    const t = (JSON.parse(body) as { timestamp?: unknown }).timestamp
    return typeof t === 'number' ? t : null
  } catch {
    return null
  }
}

export const jiraDialect: VendorDialect<JiraWebhook> = {
  name: 'jira',
  summary:
    'Jira issue webhooks: X-Hub-Signature sha256=<hex HMAC-SHA256 of the body>; the signed timestamp within 5 minutes; status and priority names through the mapping table',
  headers: { 'x-hub-signature': 'sha256=<hex>' },
  schema: JiraWebhook,
  timeField: 'timestamp',
  ...hexSignedScheme({
    header: 'X-Hub-Signature',
    prefix: 'sha256=',
    timeField: 'timestamp',
    signedAt,
  }),
  // The identifier header is not signed; the id comes from the signed body.
  messageId: (_raw, b) =>
    `${b.webhookEvent}:${b.issue.id}:${b.changelog?.id ?? b.comment?.id ?? ''}:${b.timestamp}`,
  toInbound(b, mappings) {
    const f = b.issue.fields
    const statusChange = b.changelog?.items.find((i) => i.field === 'status')
    const priorityChange = b.changelog?.items.find((i) => i.field === 'priority')
    let type: InboundType
    if (b.webhookEvent.startsWith('comment_')) type = 'incident.comment'
    else if (b.webhookEvent === 'jira:issue_created')
      type = mapState(mappings, f.status?.name ?? '', 'issue.fields.status.name')
    else if (statusChange)
      type = mapState(mappings, statusChange.toString ?? '', 'changelog.items.status.toString')
    else if (priorityChange) type = 'incident.updated'
    else if (b.comment) type = 'incident.comment'
    else
      throw new ServiceError('UNPROCESSABLE', 'no status, priority or comment change to map', {
        field: 'changelog.items',
      })
    const priorityName = priorityChange?.toString ?? f.priority?.name ?? undefined
    return {
      type,
      incident: { vendorRef: b.issue.key, id: label(f.labels, 'baton:') },
      occurredAt: new Date(b.timestamp).toISOString(),
      actor: b.user ? { name: b.user.displayName, email: b.user.emailAddress } : undefined,
      priority:
        type === 'incident.updated' || type === 'incident.opened'
          ? mapPriority(mappings, priorityName, 'issue.fields.priority.name')
          : undefined,
      title: f.summary,
      reason: b.comment?.body,
      body: b.comment?.body,
      resolution: b.comment?.body,
      to: label(f.labels, 'handoff-to:'),
      on: label(f.labels, 'waiting-on:'),
      fields: { to: 'issue.fields.labels', on: 'issue.fields.labels' },
    }
  },
  outbound: jiraOutbound,
}
