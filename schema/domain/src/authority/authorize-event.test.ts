import { describe, expect, it } from 'vitest'
import type { IncidentEvent } from '../events/incident-event.ts'
import { deriveCustody } from '../custody/derive-custody.ts'
import { applyIncidentEvent } from '../custody/apply-incident-event.ts'
import { World } from '../world/world.ts'
import { DEFAULT_AUTHORITY, GovernedEvent } from './authority-table.ts'
import { authorityStateOf, authorizeEvent } from './authorize-event.ts'
import { testParty as party } from '../testing/test-party.ts'

const world = World.parse({
  parties: [
    party('northwind', 'RETAINED'),
    party('stratus', 'CLOUD'),
    party('vistula', 'APP_DEV'),
    party('sentinel', 'MSSP'),
    party('granted', 'OTHER', {
      authority: { priority_changed: { holder: 'allow' }, comment: { observer: 'refuse' } },
    }),
  ],
})
// stratus holds the incident and has offered it to vistula; sentinel and granted are bonded observers.
const state = { holder: 'stratus', openOfferTo: 'vistula' }

describe('the default authority table', () => {
  it.each([
    ['acknowledged', 'stratus', 'allow', 'holder'],
    ['acknowledged', 'vistula', 'refuse', 'offered'],
    ['acknowledged', 'sentinel', 'refuse', 'observer'],
    ['resolved', 'sentinel', 'refuse', 'observer'],
    ['handoff_offered', 'sentinel', 'refuse', 'observer'],
    ['waiting', 'vistula', 'refuse', 'offered'],
    ['resumed', 'stratus', 'allow', 'holder'],
    ['handoff_accepted', 'vistula', 'allow', 'offered'],
    ['handoff_rejected', 'sentinel', 'refuse', 'observer'],
    ['handoff_accepted', 'stratus', 'refuse', 'holder'],
    ['comment', 'sentinel', 'allow', 'observer'],
    ['priority_changed', 'stratus', 'request', 'holder'],
    ['priority_changed', 'vistula', 'request', 'offered'],
    ['priority_changed', 'northwind', 'allow', 'retained'],
    ['priority_change_declined', 'stratus', 'refuse', 'holder'],
    ['assigned', 'stratus', 'refuse', 'holder'],
    ['closed', 'northwind', 'allow', 'retained'],
  ] as const)('%s by %s: %s (%s)', (type, who, verdict, relation) => {
    expect(authorizeEvent(state, who, type, world)).toMatchObject({
      verdict,
      relation,
      rule: `${type}/${relation}`,
      source: 'default',
    })
  })

  it('names the rule and who may in a refusal', () => {
    expect(authorizeEvent(state, 'sentinel', 'acknowledged', world).reason).toBe(
      'sentinel is a bonded observer of this incident: acknowledged is not allowed (only the holder may)'
    )
    expect(authorizeEvent(state, 'stratus', 'handoff_accepted', world).reason).toContain(
      'only the receiver of the open offer may'
    )
  })

  it('refuses the events Baton alone makes', () => {
    expect(authorizeEvent(state, 'stratus', 'handoff_expired', world)).toMatchObject({
      verdict: 'refuse',
      rule: 'handoff_expired/holder',
    })
    expect(authorizeEvent(state, 'northwind', 'opened', world).verdict).toBe('refuse')
  })

  it('lets the retained party do everything it asks for directly', () => {
    for (const type of GovernedEvent.options) expect(DEFAULT_AUTHORITY[type].retained).toBe('allow')
  })
})

describe("a party's overrides in the world file", () => {
  it('grants priority changes to the holder named, and only in that relation', () => {
    expect(
      authorizeEvent({ holder: 'granted' }, 'granted', 'priority_changed', world)
    ).toMatchObject({ verdict: 'allow', source: 'world' })
    expect(authorizeEvent(state, 'granted', 'priority_changed', world)).toMatchObject({
      verdict: 'request',
      source: 'default',
    })
  })

  it('can narrow a default too, and never applies to other parties', () => {
    expect(authorizeEvent(state, 'granted', 'comment', world)).toMatchObject({
      verdict: 'refuse',
      source: 'world',
    })
    expect(authorizeEvent(state, 'sentinel', 'comment', world).verdict).toBe('allow')
  })

  it('refuses an event an override marks as a request when it has no request flow', () => {
    const asks = World.parse({
      parties: [party('x', 'OTHER', { authority: { acknowledged: { observer: 'request' } } })],
    })
    expect(authorizeEvent({ holder: 'y' }, 'x', 'acknowledged', asks)).toMatchObject({
      verdict: 'refuse',
      reason: expect.stringContaining('cannot be requested'),
    })
  })

  it('is refused by the schema when it names an unknown event or relation', () => {
    expect(
      World.safeParse({
        parties: [party('x', 'OTHER', { authority: { opened: { holder: 'allow' } } })],
      }).success
    ).toBe(false)
    expect(
      World.safeParse({
        parties: [party('x', 'OTHER', { authority: { comment: { retained: 'allow' } } })],
      }).success
    ).toBe(false)
    expect(
      World.safeParse({
        parties: [party('x', 'OTHER', { authority: { comment: { holder: 'maybe' } } })],
      }).success
    ).toBe(false)
  })
})

describe('authorityStateOf', () => {
  const opened: IncidentEvent = {
    type: 'opened',
    at: '2026-03-06T20:00:00Z',
    priority: 'P1',
    holder: 'stratus',
    title: 'down',
  }
  it('reads the holder and the open offer off the incident state, and forgets an answered offer', () => {
    const offered = deriveCustody([
      opened,
      {
        type: 'handoff_offered',
        at: '2026-03-06T20:05:00Z',
        handoffId: 'h1',
        from: 'stratus',
        to: 'vistula',
        reason: 'db',
      },
    ])
    expect(authorityStateOf(offered)).toEqual({ holder: 'stratus', openOfferTo: 'vistula' })
    const rejected = applyIncidentEvent(offered, {
      type: 'handoff_rejected',
      at: '2026-03-06T20:06:00Z',
      handoffId: 'h1',
      party: 'vistula',
      reason: 'not ours',
    })
    expect(rejected.ok && authorityStateOf(rejected.value)).toEqual({ holder: 'stratus' })
  })
})
