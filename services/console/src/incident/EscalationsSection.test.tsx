import { cleanup, render, screen } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import type { NotificationReachFragment } from '../gql/graphql.ts'
import { EscalationsSection } from './EscalationsSection.tsx'

afterEach(cleanup)

const escalation = {
  id: 'e1',
  at: '2026-03-06T20:30:00Z',
  reason: 'ACK timeout',
  step: 1,
  party: { name: 'Stratus Cloud' },
  recipients: ['Ops <EU> <ops@example.com>', 'Pager bot', 'Old Row <old@example.com>'],
}
const notification = (
  recipient: string,
  rest: Pick<NotificationReachFragment, 'to' | 'state' | 'channel'>
) => ({ recipient, createdAt: '2026-03-06T20:30:01Z', ...rest })

describe('the escalations fired', () => {
  it('shows each notification’s structured recipient: name, channel and address, then delivery', () => {
    render(
      <EscalationsSection
        escalations={[escalation]}
        notifications={[
          notification('Ops <EU> <ops@example.com>', {
            to: {
              party: 'stratus',
              desk: 'eu',
              contact: 'ops-eu',
              name: 'Ops <EU>',
              channel: 'EMAIL',
              address: 'ops@example.com',
            },
            state: 'DELIVERED',
            channel: 'email:ops@example.com',
          }),
          notification('Pager bot', {
            to: {
              party: 'stratus',
              desk: null,
              contact: 'pager-bot',
              name: 'Pager bot',
              channel: 'SLACK',
              address: null,
            },
            state: 'SENT',
            channel: 'webhook:hooks.example.com',
          }),
          // queued before recipients were stored structured: its text stays
          notification('Old Row <old@example.com>', { to: null, state: 'QUEUED', channel: null }),
        ]}
      />
    )
    const items = screen.getAllByRole('listitem').map((li) => li.textContent!.replace(/\s+/g, ' '))
    expect(items).toEqual([
      // the name alone (it may hold '<'), then its channel and address; the own channel is not repeated
      'Ops <EU> (e-mail ops@example.com) · Delivered',
      // a fallback channel carried it: named
      'Pager bot (Slack) · Sent via webhook:hooks.example.com',
      'Old Row <old@example.com> · Queued',
    ])
    expect(screen.getByText('Ops <EU>').tagName).toBe('SPAN')
  })
})
