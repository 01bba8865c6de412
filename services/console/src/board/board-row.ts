import type { BoardIncidentFragment } from '../gql/graphql.ts'
import { timeBaseOf, type TimeBase } from '../util/incident-time.tsx'

export type BoardIncident = BoardIncidentFragment
type Clock = BoardIncident['clocks'][number]
type Handoff = BoardIncident['handoffs'][number]

/** What the board shows of one incident beyond its plain fields, derived once per version of the row. */
export interface RowView {
  waitingOn: { name: string; reason: string | null } | null
  /** The open hand-off offer (offered, or expired and still answerable) and its acceptance clock. */
  offer: { handoff: Handoff; clock: Clock | null } | null
  /** The running clock with the nearest deadline, else the latest breached one. */
  nextClock: Clock | null
  breachedClocks: number
  /** Party slugs involved: holder, bonded vendors, both sides of each hand-off (for the vendor filter). */
  parties: Set<string>
  /** The incident's own time when it runs on a simulated clock (null: the browser's clock). */
  time: TimeBase | null
}

const METRIC_LABEL: Record<string, string> = {
  RESPONSE: 'Response',
  RESOLUTION: 'Resolution',
  HANDOFF_ACCEPT: 'Hand-off acceptance',
}

/** `Resolution (Stratus Cloud)`: which clock a deadline belongs to. */
export function clockLabel(clock: Pick<Clock, 'metric' | 'party'>): string {
  return `${METRIC_LABEL[clock.metric] ?? clock.metric} (${clock.party.name})`
}

/** The row's view; `receivedMs`: when this browser received the incident (its asOf was current then). */
export function rowView(incident: BoardIncident, receivedMs: number): RowView {
  const current =
    incident.custody.find((s) => s.to === null) ?? incident.custody[incident.custody.length - 1]
  const waitingOn =
    current?.state === 'waiting' && current.waitingOn
      ? { name: current.waitingOn.name, reason: current.reason ?? null }
      : null

  let open: Handoff | null = null
  for (const h of incident.handoffs)
    if ((h.state === 'OFFERED' || h.state === 'EXPIRED') && (!open || h.offeredAt > open.offeredAt))
      open = h
  const offer = open
    ? {
        handoff: open,
        clock:
          incident.clocks.find((c) => c.metric === 'HANDOFF_ACCEPT' && c.handoff?.id === open.id) ??
          null,
      }
    : null

  let nextClock: Clock | null = null
  let lastBreached: Clock | null = null
  let breachedClocks = 0
  for (const c of incident.clocks) {
    if (
      c.state === 'RUNNING' &&
      c.deadline &&
      (!nextClock || c.deadline < (nextClock.deadline ?? ''))
    )
      nextClock = c
    if (c.state === 'BREACHED') {
      breachedClocks += 1
      if (!lastBreached || (c.breachedAt ?? '') > (lastBreached.breachedAt ?? '')) lastBreached = c
    }
  }

  const parties = new Set<string>([incident.holder.slug])
  for (const b of incident.bonds) parties.add(b.party.slug)
  for (const h of incident.handoffs) {
    parties.add(h.from.slug)
    parties.add(h.to.slug)
  }

  return {
    waitingOn,
    offer,
    nextClock: nextClock ?? lastBreached,
    breachedClocks,
    parties,
    time: timeBaseOf(incident, receivedMs),
  }
}
