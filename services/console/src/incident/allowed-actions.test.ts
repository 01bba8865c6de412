import { describe, expect, it } from 'vitest'
import { allowedActions, type ActionContext } from './allowed-actions.ts'

const base: ActionContext = {
  role: 'INTEGRATOR',
  partySlug: null,
  status: 'ACKNOWLEDGED',
  holderSlug: 'stratus',
  offer: null,
}
const sorted = (c: Partial<ActionContext>) => [...allowedActions({ ...base, ...c })].sort()

describe('actions offered on the incident page', () => {
  it('gives a VIEWER nothing to do', () => {
    expect(sorted({ role: 'VIEWER' })).toEqual([])
  })

  it('lets staff act as the holder, answer open offers, and review resolved incidents', () => {
    expect(sorted({ status: 'OPEN' })).toEqual([
      'acknowledge',
      'comment',
      'link',
      'offer',
      'resolve',
      'setWaiting',
    ])
    expect(sorted({ status: 'WAITING' })).toEqual(['comment', 'link', 'offer', 'resolve', 'resume'])
    expect(sorted({ offer: { fromSlug: 'stratus', toSlug: 'vistula', state: 'OFFERED' } })).toEqual(
      ['comment', 'link', 'resolve', 'respond', 'setWaiting', 'withdraw']
    )
    expect(sorted({ status: 'RESOLVED' })).toEqual(['close', 'comment', 'link', 'reopen'])
    expect(sorted({ status: 'CLOSED' })).toEqual([])
  })

  it('lets a vendor act only as itself: the holder works it, the receiver answers the offer', () => {
    const offer = { fromSlug: 'stratus', toSlug: 'vistula', state: 'EXPIRED' }
    expect(sorted({ role: 'VENDOR', partySlug: 'vistula', offer })).toEqual([
      'comment',
      'link',
      'respond',
    ])
    expect(sorted({ role: 'VENDOR', partySlug: 'stratus', offer })).toEqual([
      'comment',
      'link',
      'offer',
      'resolve',
      'setWaiting',
      'withdraw',
    ])
    expect(sorted({ role: 'VENDOR', partySlug: 'stratus', status: 'RESOLVED' })).toEqual([
      'comment',
      'link',
    ])
  })
})
