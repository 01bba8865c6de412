import { cleanup, render, screen, within } from '@testing-library/react'
import { Client, fetchExchange, Provider } from 'urql'
import { afterEach, describe, expect, it } from 'vitest'
import type { DisputeQuery, PartyCreditsQuery } from '../gql/graphql.ts'
import { SessionContext } from '../signin/session-context.tsx'
import { DisputePage } from './DisputePage.tsx'

afterEach(cleanup)

const stratus = { id: 'p-stratus', slug: 'stratus', name: 'Stratus Cloud' }
const dispute: NonNullable<DisputeQuery['dispute']> = {
  id: 'd1',
  clockId: 'c1',
  state: 'OPEN',
  evidence: 'We were never offered the incident.',
  openedAt: '2026-03-06T21:00:00Z',
  decidedAt: null,
  decidedBy: null,
  decisionReason: null,
  party: stratus,
  creditLines: [],
  incident: {
    id: 'i1',
    key: 'INC-7',
    title: 'Checkout down',
    priority: 'P1',
    status: 'RESOLVED',
    timeline: { nodes: [] },
    clocks: [
      {
        id: 'c1',
        metric: 'RESPONSE',
        state: 'BREACHED',
        target: 'PT15M',
        elapsed: 'PT20M',
        remaining: 'PT0S',
        deadline: '2026-03-06T20:15:00Z',
        breachedAt: '2026-03-06T20:15:00Z',
        cycle: 1,
        agreement: {
          id: 'a1',
          slug: 'stratus-sla',
          name: 'Stratus hosting',
          kind: 'SLA',
          version: 2,
        },
        party: stratus,
        attributedTo: stratus,
        handoff: null,
      },
    ],
  },
}
const credits: PartyCreditsQuery = { creditStatements: [] }

/** A client whose fetch answers the dispute page's two queries from the objects above. */
const client = new Client({
  url: 'http://console.test/graphql',
  exchanges: [fetchExchange],
  preferGetMethod: false,
  fetch: async (_url, init) => {
    const { query } = JSON.parse(String(init?.body)) as { query: string }
    const data = query.includes('query Dispute(') ? { dispute } : credits
    return new Response(JSON.stringify({ data }), {
      headers: { 'content-type': 'application/json' },
    })
  },
})

describe('the dispute page', () => {
  it('shows the disputed clock’s state as the clocks table does: the badge, not the raw word', async () => {
    render(
      <Provider value={client}>
        <SessionContext.Provider
          value={{ viewer: { name: 'Ada', role: 'ADMIN', party: null }, clear: () => {} }}
        >
          <DisputePage id='d1' />
        </SessionContext.Provider>
      </Provider>
    )
    const table = await screen.findByRole('table', { name: 'Disputed clock' })
    const cell = (label: string) =>
      within(table)
        .getAllByRole('cell')
        .find((c) => c.dataset.label === label)!
    // The badge's band in words, then how long ago (from the deadline to the test's own now).
    expect(cell('State').querySelector('[data-band="breached"]')).not.toBeNull()
    expect(cell('State').textContent).toMatch(/^Breached.+ ago$/)
    expect(cell('Agreement').textContent).toBe('Stratus hostingSLA v2')
    expect(within(table).queryByText('BREACHED')).toBeNull()
  })
})
