import { describe, expect, it } from 'vitest'
import { escalationPartiesOf, ledgerDataForParty } from './ledger-entry-for-party.ts'

const to = [
  {
    party: 'stratus',
    desk: 'global',
    contact: 'duty',
    name: 'Duty',
    channel: 'email',
    address: 'oncall@stratus.example',
  },
]
const escalation = {
  type: 'escalation.triggered',
  actor: 'baton',
  data: {
    key: 'ladder:stratus:1:1:0',
    party: 'stratus',
    recipients: ['Duty <oncall@stratus.example>'],
    to,
  },
}

describe('ledgerDataForParty (party export)', () => {
  it("withholds another party's escalation recipients, text and structured alike", () => {
    const parties = escalationPartiesOf([escalation])
    expect(ledgerDataForParty('sentinel', escalation, parties)).toEqual({
      data: { ...escalation.data, recipients: [], to: [], recipientsWithheld: 1 },
      redacted: true,
    })
  })

  it("shows the paged party its own escalation's recipients as recorded", () => {
    const parties = escalationPartiesOf([escalation])
    expect(ledgerDataForParty('stratus', escalation, parties)).toEqual({
      data: escalation.data,
      redacted: false,
    })
  })

  it('withholds the text of an escalation recorded before structured recipients', () => {
    const { to: _to, ...older } = escalation.data
    const entry = { ...escalation, data: older }
    expect(ledgerDataForParty('sentinel', entry, new Map())).toEqual({
      data: { ...older, recipients: [], recipientsWithheld: 1 },
      redacted: true,
    })
  })
})
