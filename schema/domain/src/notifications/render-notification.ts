import { formatInstantForRecipient } from './format-instant.ts'
import { notificationFacts, type NotificationMessage } from './notification-message.ts'

// One template per channel, all here. The facts (what is said) come from notificationFacts;
// these functions only lay them out for each channel.

export type EmailContent = { subject: string; text: string; html: string }
export type SlackPayload = { text: string; blocks: Array<Record<string, unknown>> }
export type TeamsPayload = {
  type: 'message'
  summary: string
  attachments: Array<{
    contentType: 'application/vnd.microsoft.card.adaptive'
    contentUrl: null
    content: Record<string, unknown>
  }>
}
export type WebhookPayload = {
  type: 'escalation.notification'
  timestamp: string
  data: {
    incident: { id: string; key: string; title: string; priority: string }
    step: number | null
    reason: string
    escalatedAt: string
    holder: { slug: string; name: string }
    clock: {
      metric: string
      timeZone: string
      deadline: string | null
      deadlineLocal: string | null
    } | null
    recipient: { name: string; timeZone: string }
    link: string
    text: string
  }
}
export type ChannelKind = 'email' | 'webhook' | 'slack' | 'teams'
export type RenderedNotification =
  | { kind: 'email'; content: EmailContent }
  | { kind: 'webhook'; content: WebhookPayload }
  | { kind: 'slack'; content: SlackPayload }
  | { kind: 'teams'; content: TeamsPayload }

const escapeHtml = (s: string): string =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c
  )
const escapeSlack = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
const clip = (s: string, max: number): string => (s.length <= max ? s : `${s.slice(0, max - 1)}…`)

/** Plain text: one "Label: value" line per fact, then the link. Also the fallback text elsewhere. */
export function renderText(m: NotificationMessage): string {
  const f = notificationFacts(m)
  return [
    f.headline,
    '',
    ...f.fields.map((x) => `${x.label}: ${x.value}`),
    '',
    `Open in the console: ${f.link}`,
    '',
  ].join('\n')
}

export function renderEmail(m: NotificationMessage): EmailContent {
  const f = notificationFacts(m)
  const rows = f.fields
    .map(
      (x) =>
        `<tr><th align="left" style="padding:2px 12px 2px 0">${escapeHtml(x.label)}</th><td>${escapeHtml(x.value)}</td></tr>`
    )
    .join('')
  const html = `<!doctype html><html><body><h2>${escapeHtml(f.headline)}</h2><table>${rows}</table><p><a href="${escapeHtml(f.link)}">Open ${escapeHtml(m.incidentKey)} in the Baton console</a></p></body></html>`
  return { subject: f.subject, text: renderText(m), html }
}

/** Slack incoming-webhook payload: `text` is the notification fallback, `blocks` the layout. */
export function renderSlack(m: NotificationMessage): SlackPayload {
  const f = notificationFacts(m)
  return {
    text: f.subject,
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: clip(f.headline, 150) } },
      {
        type: 'section',
        fields: f.fields.slice(0, 10).map((x) => ({
          type: 'mrkdwn',
          text: clip(`*${escapeSlack(x.label)}*\n${escapeSlack(x.value)}`, 2000),
        })),
      },
      {
        type: 'actions',
        elements: [
          {
            type: 'button',
            text: { type: 'plain_text', text: 'Open in the console' },
            url: f.link,
          },
        ],
      },
    ],
  }
}

/** Teams (Workflows / incoming webhook) message with one Adaptive Card. */
export function renderTeams(m: NotificationMessage): TeamsPayload {
  const f = notificationFacts(m)
  return {
    type: 'message',
    summary: f.subject,
    attachments: [
      {
        contentType: 'application/vnd.microsoft.card.adaptive',
        contentUrl: null,
        content: {
          $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
          type: 'AdaptiveCard',
          version: '1.4',
          body: [
            { type: 'TextBlock', size: 'Large', weight: 'Bolder', wrap: true, text: f.headline },
            { type: 'FactSet', facts: f.fields.map((x) => ({ title: x.label, value: x.value })) },
          ],
          actions: [{ type: 'Action.OpenUrl', title: 'Open in the console', url: f.link }],
        },
      },
    ],
  }
}

/** Generic webhook body (Standard Webhooks shape: type, timestamp, data). */
export function renderWebhook(m: NotificationMessage): WebhookPayload {
  const f = notificationFacts(m)
  const deadline = m.clock?.deadline ?? null
  return {
    type: 'escalation.notification',
    timestamp: m.at,
    data: {
      incident: { id: m.incidentId, key: m.incidentKey, title: m.title, priority: m.priority },
      step: m.step,
      reason: m.reason,
      escalatedAt: m.at,
      holder: m.holder,
      clock: m.clock
        ? {
            metric: m.clock.metric,
            timeZone: m.clock.timeZone,
            deadline,
            deadlineLocal: deadline
              ? formatInstantForRecipient(deadline, m.recipient.timeZone)
              : null,
          }
        : null,
      recipient: m.recipient,
      link: f.link,
      text: renderText(m),
    },
  }
}

export function renderNotification(
  kind: ChannelKind,
  m: NotificationMessage
): RenderedNotification {
  switch (kind) {
    case 'email':
      return { kind, content: renderEmail(m) }
    case 'webhook':
      return { kind, content: renderWebhook(m) }
    case 'slack':
      return { kind, content: renderSlack(m) }
    case 'teams':
      return { kind, content: renderTeams(m) }
  }
}
