import { describe, expect, it } from 'vitest'
import { allowedActions, reasonCodeNeeded, type ActionContext } from './allowed-actions.ts'

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
      'setWaiting',
      'withdraw',
    ])
    // Resolving while waiting or with an open offer needs force, which only staff have.
    expect(sorted({ role: 'VENDOR', partySlug: 'stratus', status: 'WAITING' })).toEqual([
      'comment',
      'link',
      'offer',
      'resume',
    ])
    expect(sorted({ role: 'VENDOR', partySlug: 'stratus' })).toContain('resolve')
    expect(sorted({ role: 'VENDOR', partySlug: 'stratus', status: 'RESOLVED' })).toEqual([
      'comment',
      'link',
    ])
  })

  it('offers a vendor the dispute of its own breaches once the incident is closed', () => {
    const vendor = { role: 'VENDOR', partySlug: 'vistula', holderSlug: 'stratus' }
    expect(sorted({ ...vendor, status: 'CLOSED', breachedOwn: 1 })).toEqual(['dispute'])
    expect(sorted({ ...vendor, status: 'CLOSED', breachedOwn: 0 })).toEqual([])
    expect(sorted({ ...vendor, status: 'RESOLVED', breachedOwn: 1 })).toEqual(['comment', 'link'])
    expect(sorted({ status: 'CLOSED', breachedOwn: 1 })).toEqual([])
  })
})

describe('reason codes the ping-pong rule requires', () => {
  const rejected = { from: 'stratus', to: 'vistula', state: 'REJECTED' }
  it('asks for one on a second offer between the same parties after a rejection', () => {
    expect(reasonCodeNeeded([rejected], 'stratus', 'vistula')).toMatch(/second offer/)
    expect(reasonCodeNeeded([rejected], 'vistula', 'stratus')).toBeNull()
    expect(reasonCodeNeeded([{ ...rejected, state: 'ACCEPTED' }], 'stratus', 'vistula')).toBeNull()
    expect(reasonCodeNeeded([], 'stratus', 'vistula')).toBeNull()
  })
})
