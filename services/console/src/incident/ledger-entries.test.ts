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
})
