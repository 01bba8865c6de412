import { describe, expect, it } from 'vitest'
import type { NotificationMessage } from './notification-message.ts'
import {
  renderEmail,
  renderNotification,
  renderSlack,
  renderTeams,
  renderText,
  renderWebhook,
  type ChannelKind,
} from './render-notification.ts'

// The Vistula hand-off OLA of docs/scenario.md, with a deadline after New York springs forward.
const base: NotificationMessage = {
  incidentId: '7d0c1b9e-0000-4000-8000-000000000001',
  incidentKey: 'INC-2026-0001',
  title: 'Credential stuffing <checkout>',
  priority: 'P1',
  reason: 'hand-off H2 to vistula: ladder step 2, still unaccepted',
  step: 2,
  at: '2026-03-06T21:45:00.000Z',
  holder: { slug: 'stratus', name: 'Stratus Cloud' },
  clock: {
    metric: 'HANDOFF_ACCEPT',
    deadline: '2026-03-08T07:45:00.000Z',
    timeZone: 'Europe/Warsaw',
  },
  recipient: { name: 'Ola Nowak', timeZone: 'Europe/Warsaw' },
  consoleUrl: 'http://127.0.0.1:4000/',
}
const ny = { ...base, recipient: { name: 'Sam Okafor', timeZone: 'America/New_York' } }

/** Every string a rendered payload carries, joined: what a reader of that channel sees. */
const visible = (kind: ChannelKind, m: NotificationMessage): string =>
  JSON.stringify(renderNotification(kind, m).content)

describe('notification templates', () => {
  const kinds: ChannelKind[] = ['email', 'webhook', 'slack', 'teams']
  it.each(kinds)(
    '%s states the incident, priority, clock, deadline (local and UTC), holder and console link',
    (kind) => {
      const text = visible(kind, base)
      for (const part of [
        'INC-2026-0001',
        'Credential stuffing',
        'P1',
        'handoff accept',
        'Sun 08 Mar 2026 08:45 CET (UTC+1) · 2026-03-08 07:45 UTC',
        'Stratus Cloud (stratus)',
        'http://127.0.0.1:4000/graphql?incident=INC-2026-0001&query=',
      ]) {
        expect(text).toContain(part)
      }
    }
  )

  it.each([
    [
      'Warsaw',
      base,
      'Deadline: Sun 08 Mar 2026 08:45 CET (UTC+1) · 2026-03-08 07:45 UTC',
      'Escalated at: Fri 06 Mar 2026 22:45 CET (UTC+1) · 2026-03-06 21:45 UTC',
    ],
    [
      'New York, on the other side of the DST change',
      ny,
      'Deadline: Sun 08 Mar 2026 03:45 EDT (UTC-4) · 2026-03-08 07:45 UTC',
      'Escalated at: Fri 06 Mar 2026 16:45 EST (UTC-5) · 2026-03-06 21:45 UTC',
    ],
  ])('writes times in the recipient zone: %s', (_name, m, deadline, escalated) => {
    const lines = renderText(m).split('\n')
    expect(lines).toContain(deadline)
    expect(lines).toContain(escalated)
  })

  it('says so when no clock triggered the step', () => {
    expect(renderText({ ...base, clock: null, step: null })).toContain(
      'Clock: none\nDeadline: none (no running clock)'
    )
  })

  it('email: subject, plain text, and HTML with escaped values and a link', () => {
    const e = renderEmail(base)
    expect(e.subject).toBe('[P1] INC-2026-0001 Credential stuffing <checkout>: escalation step 2')
    expect(
      e.text.startsWith(
        'P1 INC-2026-0001 Credential stuffing <checkout>\n\nIncident: INC-2026-0001'
      )
    ).toBe(true)
    expect(e.html).toContain('<h2>P1 INC-2026-0001 Credential stuffing &lt;checkout&gt;</h2>')
    expect(e.html).toContain(
      '<th align="left" style="padding:2px 12px 2px 0">Baton held by</th><td>Stratus Cloud (stratus)</td>'
    )
    expect(e.html).toMatch(
      /<a href="http:\/\/127\.0\.0\.1:4000\/graphql\?incident=INC-2026-0001&amp;query=[^"]+">Open INC-2026-0001 in the Baton console<\/a>/
    )
  })

  it('slack: fallback text, a header, mrkdwn fields with escaped values, a button', () => {
    const s = renderSlack(base)
    expect(s.text).toBe('[P1] INC-2026-0001 Credential stuffing <checkout>: escalation step 2')
    expect(s.blocks.map((b) => b.type)).toEqual(['header', 'section', 'actions'])
    expect(JSON.stringify(s.blocks[1])).toContain(
      '*Incident*\\nINC-2026-0001 Credential stuffing &lt;checkout&gt;'
    )
  })

  it('teams: one Adaptive Card with a fact set and an open-URL action', () => {
    const t = renderTeams(base)
    const card = t.attachments[0]!.content as {
      type: string
      body: Array<{ type: string; facts?: Array<{ title: string; value: string }> }>
      actions: Array<{ type: string; url: string }>
    }
    expect(card.type).toBe('AdaptiveCard')
    expect(card.body[1]!.facts!.find((f) => f.title === 'Deadline')?.value).toBe(
      'Sun 08 Mar 2026 08:45 CET (UTC+1) · 2026-03-08 07:45 UTC'
    )
    expect(card.actions[0]!.type).toBe('Action.OpenUrl')
  })

  it('webhook: structured data with the instants in UTC and the local reading', () => {
    const w = renderWebhook(ny)
    expect(w.type).toBe('escalation.notification')
    expect(w.data.incident).toEqual({
      id: base.incidentId,
      key: 'INC-2026-0001',
      title: 'Credential stuffing <checkout>',
      priority: 'P1',
    })
    expect(w.data.clock).toEqual({
      metric: 'HANDOFF_ACCEPT',
      timeZone: 'Europe/Warsaw',
      deadline: '2026-03-08T07:45:00.000Z',
      deadlineLocal: 'Sun 08 Mar 2026 03:45 EDT (UTC-4) · 2026-03-08 07:45 UTC',
    })
    expect(w.data.holder).toEqual({ slug: 'stratus', name: 'Stratus Cloud' })
  })
})
