import { describe, expect, it } from 'vitest'
import { applyFilters, NO_FILTERS, parseFilters, serializeFilters } from './board-filters.ts'
import { rowView, type BoardIncident } from './board-row.ts'

const party = (slug: string) => ({
  id: `p-${slug}`,
  slug,
  name: slug[0]!.toUpperCase() + slug.slice(1),
})
const clock = (
  over: Partial<BoardIncident['clocks'][number]>
): BoardIncident['clocks'][number] => ({
  id: 'c',
  metric: 'RESOLUTION',
  state: 'RUNNING',
  target: 'PT4H',
  remaining: 'PT2H',
  deadline: null,
  breachedAt: null,
  party: party('stratus'),
  handoff: null,
  ...over,
})

function incident(key: string, over: Partial<BoardIncident> = {}): BoardIncident {
  return {
    id: key,
    key,
    title: `Incident ${key}`,
    priority: 'P2',
    status: 'ACKNOWLEDGED',
    breached: false,
    nextDeadline: null,
    openedAt: '2026-03-06T20:00:00Z',
    lastSeq: 1,
    asOf: '2026-03-06T22:00:00Z',
    simulatedClock: null,
    holder: party('stratus'),
    holderDesk: null,
    service: { id: 's1', slug: 'checkout', name: 'Online Checkout' },
    parent: null,
    custody: [{ state: 'working', to: null, waitingOn: null, reason: null }],
    handoffs: [],
    clocks: [],
    bonds: [],
    ...over,
  }
}
const rows = (...incidents: BoardIncident[]) =>
  incidents.map((i) => ({ incident: i, view: rowView(i, 0) }))
const now = Date.parse('2026-03-06T22:00:00Z')

describe('board filters and sort', () => {
  it('round-trips through the URL query string, dropping defaults and unknown priorities', () => {
    const f = {
      ...NO_FILTERS,
      vendor: 'vistula',
      priority: ['P1', 'P2'],
      breached: true,
      handoffPending: true,
    }
    expect(serializeFilters(f)).toBe('?vendor=vistula&priority=P1%2CP2&breached=1&handoff=1')
    expect(parseFilters(serializeFilters(f))).toEqual(f)
    expect(parseFilters('?priority=P1,P9&sort=opened')).toEqual({
      ...NO_FILTERS,
      priority: ['P1'],
      sort: 'opened',
    })
    expect(serializeFilters(NO_FILTERS)).toBe('')
  })

  it('matches a vendor that holds, is bonded to, or is offered the incident', () => {
    const offered = incident('INC-2', {
      handoffs: [
        {
          id: 'h1',
          state: 'OFFERED',
          offeredAt: '2026-03-06T21:30:00Z',
          from: party('stratus'),
          to: party('vistula'),
        },
      ],
    })
    const bonded = incident('INC-3', {
      bonds: [{ id: 'b', vendorRef: 'SEN-1', party: party('sentinel'), lastInbound: null }],
    })
    const all = rows(incident('INC-1'), offered, bonded)
    expect(
      applyFilters(all, { ...NO_FILTERS, vendor: 'vistula' }, now).map((r) => r.incident.key)
    ).toEqual(['INC-2'])
    expect(
      applyFilters(all, { ...NO_FILTERS, vendor: 'sentinel' }, now).map((r) => r.incident.key)
    ).toEqual(['INC-3'])
    expect(
      applyFilters(all, { ...NO_FILTERS, handoffPending: true }, now).map((r) => r.incident.key)
    ).toEqual(['INC-2'])
  })

  it('counts a running clock past its deadline as breached before the server marks it', () => {
    const late = incident('INC-4', {
      clocks: [clock({ deadline: '2026-03-06T21:59:00Z' })],
      nextDeadline: '2026-03-06T21:59:00Z',
    })
    const fine = incident('INC-5', {
      clocks: [clock({ deadline: '2026-03-06T23:00:00Z' })],
      nextDeadline: '2026-03-06T23:00:00Z',
    })
    const flagged = incident('INC-6', { breached: true })
    expect(
      applyFilters(rows(late, fine, flagged), { ...NO_FILTERS, breached: true }, now).map(
        (r) => r.incident.key
      )
    ).toEqual(['INC-4', 'INC-6'])
  })

  it("reads a simulated incident's deadline against its own time, not the browser's date", () => {
    // The played outage at 60x: the incident was at 21:50 when the browser (in December) got it.
    const december = Date.parse('2026-12-03T09:00:00Z')
    const simulated = incident('INC-7', {
      asOf: '2026-03-06T21:50:00Z',
      simulatedClock: { speed: 60 },
      clocks: [clock({ deadline: '2026-03-06T22:00:00Z' })],
      nextDeadline: '2026-03-06T22:00:00Z',
    })
    const row = [{ incident: simulated, view: rowView(simulated, december) }]
    const breached = (at: number) =>
      applyFilters(row, { ...NO_FILTERS, breached: true }, at).map((r) => r.incident.key)
    expect(breached(december)).toEqual([])
    expect(breached(december + 9_000)).toEqual([]) // 21:59 in the incident's time
    expect(breached(december + 11_000)).toEqual(['INC-7']) // 22:01
  })

  it('sorts by next deadline, soonest first and incidents without one last; or newest first', () => {
    const a = incident('INC-7', {
      nextDeadline: '2026-03-07T01:00:00Z',
      openedAt: '2026-03-06T19:00:00Z',
    })
    const b = incident('INC-8', {
      nextDeadline: '2026-03-06T23:00:00Z',
      openedAt: '2026-03-06T18:00:00Z',
    })
    const c = incident('INC-9', { openedAt: '2026-03-06T21:00:00Z' })
    expect(applyFilters(rows(a, b, c), NO_FILTERS, now).map((r) => r.incident.key)).toEqual([
      'INC-8',
      'INC-7',
      'INC-9',
    ])
    expect(
      applyFilters(rows(a, b, c), { ...NO_FILTERS, sort: 'opened' }, now).map((r) => r.incident.key)
    ).toEqual(['INC-9', 'INC-7', 'INC-8'])
  })
})

describe('a board row', () => {
  it('shows the open offer with its acceptance clock, the waiting party and the nearest running deadline', () => {
    const i = incident('INC-1000', {
      custody: [
        { state: 'working', to: '2026-03-06T21:00:00Z', waitingOn: null, reason: null },
        { state: 'waiting', to: null, waitingOn: party('vistula'), reason: 'needs a fix' },
      ],
      handoffs: [
        {
          id: 'h1',
          state: 'REJECTED',
          offeredAt: '2026-03-06T21:30:00Z',
          from: party('stratus'),
          to: party('vistula'),
        },
        {
          id: 'h2',
          state: 'EXPIRED',
          offeredAt: '2026-03-06T22:05:00Z',
          from: party('stratus'),
          to: party('vistula'),
        },
      ],
      clocks: [
        clock({
          id: 'ola',
          metric: 'HANDOFF_ACCEPT',
          deadline: '2026-03-06T22:20:00Z',
          handoff: { id: 'h2' },
          state: 'BREACHED',
          breachedAt: '2026-03-06T22:20:00Z',
        }),
        clock({ id: 'sla', deadline: '2026-03-07T00:00:00Z' }),
        clock({ id: 'uc', deadline: '2026-03-06T23:00:00Z' }),
      ],
    })
    const v = rowView(i, 0)
    expect(v.waitingOn).toEqual({ name: 'Vistula', reason: 'needs a fix' })
    expect(v.offer?.handoff.id).toBe('h2')
    expect(v.offer?.clock?.id).toBe('ola')
    expect(v.nextClock?.id).toBe('uc')
    expect(v.breachedClocks).toBe(1)
  })
})
