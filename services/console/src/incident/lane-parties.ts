import type { CalendarShape } from '../util/calendar.ts'
import type { IncidentPageQuery, Priority } from '../gql/graphql.ts'
import type { LaneParty } from './swimlane-layout.ts'

/** What the lanes are chosen from: a live Incident or a what-if's SimulatedIncident (with its priority and first holder). */
export interface LaneSource {
  priority: Priority
  holder: { id: string }
  custody: ReadonlyArray<{ party: { id: string }; desk?: { id: string } | null }>
  handoffs: ReadonlyArray<{ from: { id: string }; to: { id: string } }>
  clocks: ReadonlyArray<{ party: { id: string }; attributedTo?: { id: string } | null }>
  bonds?: ReadonlyArray<{ party: { id: string } }>
}
type Party = IncidentPageQuery['parties'][number]

/**
 * The desk each involved party works this incident from (its latest custody desk, else its first
 * desk taking the incident's priority, else its first desk), with that desk's zone and calendar;
 * the lane is shaded by every desk the party may work it from (the desks custody names and, for
 * follow-the-sun, each desk taking the priority), not by the first one alone.
 */
export function lanePartiesOf(
  incident: LaneSource,
  parties: ReadonlyArray<Party>,
  calendars: ReadonlyMap<string, CalendarShape>
): Map<string, LaneParty> {
  const byId = new Map(parties.map((p) => [p.id, p]))
  const custodyDesk = new Map<string, string>()
  const custodyDesks = new Map<string, Set<string>>()
  for (const s of incident.custody)
    if (s.desk) {
      custodyDesk.set(s.party.id, s.desk.id)
      custodyDesks.set(s.party.id, (custodyDesks.get(s.party.id) ?? new Set()).add(s.desk.id))
    }
  const ids = new Set<string>([incident.holder.id])
  for (const s of incident.custody) ids.add(s.party.id)
  for (const h of incident.handoffs) {
    ids.add(h.from.id)
    ids.add(h.to.id)
  }
  for (const c of incident.clocks) {
    ids.add(c.party.id)
    if (c.attributedTo) ids.add(c.attributedTo.id)
  }
  for (const b of incident.bonds ?? []) ids.add(b.party.id)
  const out = new Map<string, LaneParty>()
  for (const id of ids) {
    const p = byId.get(id)
    if (!p) continue
    const deskId = custodyDesk.get(id)
    const desk =
      (deskId ? p.desks.find((d) => d.id === deskId) : undefined) ??
      p.desks.find((d) => d.priorities.includes(incident.priority)) ??
      p.desks[0]
    const calendarOf = (d: Party['desks'][number]) =>
      d.calendar ? (calendars.get(d.calendar.id) ?? null) : null
    const others = p.desks.filter(
      (d) =>
        d !== desk && (custodyDesks.get(id)?.has(d.id) || d.priorities.includes(incident.priority))
    )
    out.set(id, {
      id,
      name: p.name,
      timeZone: desk?.timeZone ?? 'UTC',
      calendar: desk ? calendarOf(desk) : null,
      is24x7: desk?.is24x7 ?? false,
      ...(others.length
        ? { otherDesks: others.map((d) => ({ calendar: calendarOf(d), is24x7: d.is24x7 })) }
        : {}),
    })
  }
  return out
}
