import { cleanup, render, screen, within } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import { ClocksSection, type ClockRow } from './ClocksSection.tsx'

afterEach(cleanup)

const clock = (id: string, state: string, metric = 'RESPONSE'): ClockRow => ({
  id,
  metric,
  state,
  target: 'PT15M',
  elapsed: 'PT10M',
  remaining: 'PT5M',
  deadline: null,
  cycle: 1,
  agreement: { name: 'Stratus hosting', kind: 'SLA', version: 1 },
  party: { id: 'p1', name: 'Stratus Cloud' },
})

/** The text of the State cell of the clock row whose Clock cell starts with `metric`. */
const stateCell = (metric: string) => {
  const row = screen.getByRole('cell', { name: new RegExp(`^${metric}`) }).closest('tr')!
  return within(row)
    .getAllByRole('cell')
    .find((c) => c.dataset.label === 'State')!
}

describe('the clocks table', () => {
  it('says each clock’s state once: in the badge, not again as the raw word under it', () => {
    render(
      <ClocksSection
        clocks={[
          clock('c1', 'MET', 'RESPONSE'),
          clock('c2', 'BREACHED', 'RESOLUTION'),
          clock('c3', 'CANCELLED', 'HANDOFF_ACCEPT'),
        ]}
        lanes={new Map()}
      />
    )
    expect(stateCell('Response').textContent).toBe('Met')
    expect(stateCell('Response').dataset.state).toBe('MET')
    expect(stateCell('Resolution').textContent).toBe('Breached')
    // A cancelled clock is not "Paused": it says so in words, once.
    expect(stateCell('Hand-off acceptance').textContent).toBe('Cancelled')
    expect(screen.queryByText('MET')).toBeNull()
    expect(screen.queryByText('BREACHED')).toBeNull()
  })
})
