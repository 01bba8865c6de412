import { describe, expect, it } from 'vitest'
import { summarizeEntry } from './ledger-entries.ts'

describe('ledger entries on the timeline', () => {
  it('summarises the facts people read and skips ids', () => {
    expect(
      summarizeEntry(
        JSON.stringify({ from: 'sentinel', to: 'stratus', reason: 'WAF', handoffId: 'h1' })
      )
    ).toBe('reason: WAF; from: sentinel; to: stratus')
    expect(summarizeEntry('not json')).toBe('')
  })

  it('words an escalation’s structured recipients as people read them, not as JSON', () => {
    const to = [
      {
        party: 'stratus',
        desk: 'global',
        contact: 'duty',
        name: 'Stratus duty',
        channel: 'email',
        address: 'oncall@stratus.example',
      },
      {
        party: 'stratus',
        desk: null,
        contact: 'bot',
        name: 'Pager bot',
        channel: 'slack',
        address: null,
      },
    ]
    expect(summarizeEntry(JSON.stringify({ reason: 'ladder step 1', to, party: 'stratus' }))).toBe(
      'reason: ladder step 1; to: Stratus duty <oncall@stratus.example>, Pager bot; party: stratus'
    )
  })
})
