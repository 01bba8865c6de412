import { randomBytes, randomUUID } from 'node:crypto'
import type { Dialect } from '@baton/domain'
import type { InboundType, Mappings } from '../dialects/inbound-message.ts'

/** What a simulated vendor wants to say, in canonical words; each dialect spells it its own way. */
export type VendorAction = {
  type: InboundType
  vendorRef: string
  incidentId?: string | undefined
  at?: Date | undefined
  title?: string | undefined
  priority?: string | undefined
  handoffId?: string | undefined
  to?: string | undefined
  on?: string | undefined
  reason?: string | undefined
  reasonCode?: string | undefined
  body?: string | undefined
  actor?: string | undefined
}

const reverse = (table: Record<string, string>, value: string, what: string) => {
  const key = Object.entries(table).find(([, v]) => v === value)?.[0]
  if (key === undefined) throw new Error(`the ${what} mapping has no vendor value for '${value}'`)
  return key
}
const vendorPriority = (m: Mappings, p: string | undefined) =>
  p === undefined
    ? undefined
    : Object.keys(m.priority).length
      ? reverse(m.priority, p, 'priority')
      : p

/** The body (and, for dialects whose id is a header, the message id) a vendor would send. */
export function buildVendorPayload(
  dialect: Dialect,
  a: VendorAction,
  m: Mappings
): { body: unknown; messageId: string } {
  const at = a.at ?? new Date()
  const messageId = `sim_${randomUUID()}`
  switch (dialect) {
    case 'canonical':
      return {
        messageId,
        body: {
          type: a.type,
          incident: { ...(a.incidentId ? { id: a.incidentId } : {}), vendorRef: a.vendorRef },
          occurredAt: at.toISOString(),
          actor: { name: a.actor ?? 'simulator' },
          data: {
            title: a.title,
            priority: a.priority,
            handoffId: a.handoffId,
            to: a.to,
            on: a.on,
            reason: a.reason,
            reasonCode: a.reasonCode,
            body: a.body,
            resolution: a.type === 'incident.resolved' ? a.reason : undefined,
          },
        },
      }
    case 'pagerduty': {
      const action = reverse(m.state, a.type, 'state')
      const incident = {
        id: a.vendorRef,
        type: 'incident',
        number: Number(a.vendorRef.replace(/\D/g, '')) || 1,
        status: action,
        title: a.title ?? a.vendorRef,
        incident_key: a.incidentId ?? null,
        priority: a.priority
          ? { id: 'PPRIO', summary: vendorPriority(m, a.priority), type: 'priority' }
          : null,
        assignees: a.to ? [{ id: 'PUSER', summary: a.to, type: 'user_reference' }] : [],
        resolve_reason: a.type === 'incident.resolved' ? (a.reason ?? null) : null,
      }
      const data =
        action === 'annotated'
          ? {
              id: 'PNOTE',
              type: 'incident_note',
              incident: { id: a.vendorRef, type: 'incident_reference' },
              content: a.body ?? a.reason ?? '',
            }
          : incident
      return {
        messageId,
        body: {
          event: {
            id: messageId,
            event_type: `incident.${action}`,
            resource_type: 'incident',
            occurred_at: at.toISOString(),
            agent: { id: 'PSIM', summary: a.actor ?? 'simulator', type: 'user_reference' },
            client: null,
            data,
          },
        },
      }
    }
    case 'jira': {
      const labels = [
        a.incidentId && `baton:${a.incidentId}`,
        a.on && `waiting-on:${a.on}`,
        a.to && `handoff-to:${a.to}`,
      ].filter((x): x is string => !!x)
      const priority = vendorPriority(m, a.priority)
      const base = {
        timestamp: at.getTime(),
        user: { accountId: 'sim', displayName: a.actor ?? 'simulator' },
        issue: {
          id: String(Math.abs(hash(a.vendorRef))),
          key: a.vendorRef,
          fields: {
            summary: a.title ?? a.vendorRef,
            labels,
            ...(priority ? { priority: { name: priority } } : {}),
          } as Record<string, unknown>,
        },
      }
      const changelogId = String(Date.now()) + randomBytes(3).toString('hex')
      const comment = a.body ?? a.reason
      // Every Jira webhook is the issue, then its event and what changed.
      const sent = (event: Record<string, unknown>) => ({ messageId, body: { ...base, ...event } })
      if (a.type === 'incident.comment')
        return sent({
          webhookEvent: 'comment_created',
          comment: { id: changelogId, body: comment ?? '' },
        })
      if (a.type === 'incident.updated')
        return sent({
          webhookEvent: 'jira:issue_updated',
          changelog: { id: changelogId, items: [{ field: 'priority', toString: priority }] },
        })
      const status = reverse(m.state, a.type, 'state')
      base.issue.fields.status = { name: status }
      if (a.type === 'incident.opened') return sent({ webhookEvent: 'jira:issue_created' })
      return sent({
        webhookEvent: 'jira:issue_updated',
        changelog: { id: changelogId, items: [{ field: 'status', toString: status }] },
        ...(comment ? { comment: { id: changelogId, body: comment } } : {}),
      })
    }
    case 'servicenow': {
      const changed =
        a.type === 'incident.comment'
          ? ['work_notes']
          : a.type === 'incident.updated'
            ? ['priority']
            : ['state']
      const state = changed[0] === 'state' ? reverse(m.state, a.type, 'state') : '2'
      const iso = at.toISOString()
      return {
        messageId,
        body: {
          sys_id: randomBytes(16).toString('hex'),
          number: a.vendorRef,
          state,
          priority: vendorPriority(m, a.priority),
          short_description: a.title,
          correlation_id: a.incidentId ?? '',
          work_notes: a.body ?? a.reason ?? '',
          close_notes: a.type === 'incident.resolved' ? (a.reason ?? '') : '',
          sys_updated_on: `${iso.slice(0, 10)} ${iso.slice(11, 19)}`,
          sys_updated_by: a.actor ?? 'simulator',
          changed_fields: changed,
          u_waiting_on: a.on,
          u_handoff_to: a.to,
        },
      }
    }
  }
}

function hash(s: string) {
  let h = 0
  for (const c of s) h = (h * 31 + c.charCodeAt(0)) | 0
  return h
}
