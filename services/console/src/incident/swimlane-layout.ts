import { scaleUtc } from 'd3-scale'
import { openIntervals, type CalendarShape } from '../util/calendar.ts'

/** One party's lane: who it is and the calendar its shading comes from. */
export interface LaneParty {
  id: string
  name: string
  timeZone: string
  calendar: CalendarShape | null
  is24x7?: boolean
  /**
   * Further desks the party may work the incident from (follow-the-sun: every desk taking its
   * priority, and the desks custody names): the lane is shaded where any of them is open.
   */
  otherDesks?: ReadonlyArray<{ calendar: CalendarShape | null; is24x7?: boolean }>
}

export interface CustodyInput {
  partyId: string
  from: string
  to: string | null
  state: string
  waitingOnName?: string | null
}
export interface HandoffInput {
  id: string
  fromId: string
  toId: string
  state: string
  offeredAt: string
  respondedAt: string | null
  reason: string | null
  /** When its acceptance window (the hand-off OLA) ran out unanswered, if it did. */
  expiredAt?: string | null
}
export interface BreachInput {
  partyId: string
  at: string
  label: string
}

export interface LayoutInput {
  custody: ReadonlyArray<CustodyInput>
  handoffs: ReadonlyArray<HandoffInput>
  breaches: ReadonlyArray<BreachInput>
  parties: ReadonlyMap<string, LaneParty>
  /** The shared axis: from the incident's start to its end (or now). */
  start: number
  end: number
  /** Pixels available for the time axis. */
  width: number
}

export interface Span {
  x: number
  w: number
}
export interface Lane {
  party: LaneParty
  index: number
  /** Business hours of the party's desk, as x spans (24x7 desks: the whole axis). */
  open: Span[]
  custody: Array<Span & { state: string; label: string }>
  breaches: Array<{ x: number; label: string }>
}
export interface Arrow {
  id: string
  fromLane: number
  toLane: number
  x1: number
  x2: number
  state: string
  label: string
  /** Where the offer's acceptance window ended unanswered (the offer stays answerable). */
  xExpired?: number
}
export interface Layout {
  lanes: Lane[]
  arrows: Arrow[]
  ticks: Array<{ x: number; label: string; day: string | null }>
  invert: (x: number) => number
  x: (t: number) => number
}

const HANDOFF_LABEL: Record<string, string> = {
  ACCEPTED: 'Accepted',
  REJECTED: 'Rejected',
  EXPIRED: 'Expired unanswered',
  OFFERED: 'Offered, awaiting answer',
  WITHDRAWN: 'Withdrawn',
}

/**
 * Lays custody out as swimlanes on one time axis: one lane per party in order of first
 * appearance (holders, then parties only offered to), custody stretches on their holder's lane,
 * hand-offs as arrows from the offering lane to the receiving lane (from the offer to the answer),
 * breaches on the lane of the party they are attributed to, and each lane shaded by its desk's
 * open hours. Pure: the component draws what this returns.
 */
export function layoutSwimlanes(input: LayoutInput): Layout {
  const scale = scaleUtc()
    .domain([new Date(input.start), new Date(input.end)])
    .range([0, input.width])
    .clamp(true)
  const x = (t: number) => Math.round(scale(new Date(t)) * 100) / 100
  const order: string[] = []
  const add = (id: string) => {
    if (input.parties.has(id) && !order.includes(id)) order.push(id)
  }
  for (const s of input.custody) add(s.partyId)
  for (const h of input.handoffs) {
    add(h.fromId)
    add(h.toId)
  }
  for (const b of input.breaches) add(b.partyId)

  const lanes: Lane[] = order.map((id, index) => {
    const party = input.parties.get(id)!
    const desks = [party, ...(party.otherDesks ?? [])]
    const open = desks.some((d) => d.is24x7)
      ? [{ x: 0, w: input.width }]
      : union(
          desks.flatMap((d) =>
            d.calendar ? openIntervals(d.calendar, input.start, input.end) : []
          )
        ).map((i) => ({ x: x(i.from), w: x(i.to) - x(i.from) }))
    const custody = input.custody
      .filter((s) => s.partyId === id)
      .map((s) => {
        const from = Date.parse(s.from)
        const to = s.to ? Date.parse(s.to) : input.end
        return {
          x: x(from),
          w: Math.max(1, x(to) - x(from)),
          state: s.state,
          label:
            s.state === 'waiting'
              ? `Waiting${s.waitingOnName ? ` on ${s.waitingOnName}` : ''}`
              : 'Holding',
        }
      })
    const breaches = input.breaches
      .filter((b) => b.partyId === id)
      .map((b) => ({ x: x(Date.parse(b.at)), label: b.label }))
    return { party, index, open, custody, breaches }
  })
  const laneOf = new Map(order.map((id, i) => [id, i]))

  const arrows: Arrow[] = input.handoffs
    .filter((h) => laneOf.has(h.fromId) && laneOf.has(h.toId))
    .map((h) => {
      const offered = Date.parse(h.offeredAt)
      // An offer whose acceptance window ran out (EXPIRED) is still answerable: it stays open,
      // drawn like an offer awaiting its answer, with the window's end marked on it.
      const open = !h.respondedAt && (h.state === 'OFFERED' || h.state === 'EXPIRED')
      const answered = h.respondedAt ? Date.parse(h.respondedAt) : open ? input.end : offered
      const expired = h.expiredAt ? Date.parse(h.expiredAt) : null
      const state = open ? 'OFFERED' : h.state
      const base = HANDOFF_LABEL[state] ?? state
      const windowEnded =
        expired !== null ? `; acceptance window ended ${utcTime(expired)} unanswered` : ''
      return {
        id: h.id,
        fromLane: laneOf.get(h.fromId)!,
        toLane: laneOf.get(h.toId)!,
        x1: x(offered),
        x2: x(Math.max(offered, answered)),
        state,
        label: (h.state === 'REJECTED' && h.reason ? `${base}: ${h.reason}` : base) + windowEnded,
        ...(open && expired !== null ? { xExpired: x(expired) } : {}),
      }
    })

  let lastDay: string | null = null
  const ticks = scale.ticks(Math.max(2, Math.floor(input.width / 110))).map((d) => {
    const iso = d.toISOString()
    const day = iso.slice(0, 10)
    const label = `${iso.slice(11, 16)}`
    const showDay = day !== lastDay ? day : null
    lastDay = day
    return { x: Math.round(scale(d) * 100) / 100, label, day: showDay }
  })

  return { lanes, arrows, ticks, x, invert: (px: number) => scale.invert(px).getTime() }
}

const utcTime = (t: number) => `${new Date(t).toISOString().slice(11, 16)} UTC`

/** Overlapping or touching intervals merged, in time order. */
function union(
  intervals: Array<{ from: number; to: number }>
): Array<{ from: number; to: number }> {
  const sorted = [...intervals].sort((a, b) => a.from - b.from)
  const out: Array<{ from: number; to: number }> = []
  for (const i of sorted) {
    const prev = out[out.length - 1]
    if (prev && i.from <= prev.to) prev.to = Math.max(prev.to, i.to)
    else out.push({ ...i })
  }
  return out
}
