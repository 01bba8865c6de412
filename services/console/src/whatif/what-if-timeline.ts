import type { Priority, SimulateIncidentInput, SimulatedEventType } from '../gql/graphql.ts'
import { instantOfLocal, pad, zonedParts } from '../util/time-zone.ts'

/** One event of a what-if timeline as the page edits it (instants in ms; ids of parties). */
export interface WhatIfEvent {
  /** A key for React lists, stable while the event is edited. */
  key: string
  at: number
  type: SimulatedEventType
  partyId: string | null
  toPartyId: string | null
  onPartyId: string | null
  reason: string
  reasonCode: string
}

/** A hypothetical incident: priority, first holder, its events and the instant it is judged at. */
export interface WhatIfDraft {
  priority: Priority
  holderPartyId: string
  serviceId: string | null
  openedAt: number
  asOf: number
  events: WhatIfEvent[]
}

export const EVENT_TYPES: ReadonlyArray<{ type: SimulatedEventType; label: string }> = [
  { type: 'ACKNOWLEDGED', label: 'Acknowledged' },
  { type: 'HANDOFF_OFFERED', label: 'Hand-off offered' },
  { type: 'HANDOFF_ACCEPTED', label: 'Hand-off accepted' },
  { type: 'HANDOFF_REJECTED', label: 'Hand-off rejected' },
  { type: 'HANDOFF_WITHDRAWN', label: 'Hand-off withdrawn' },
  { type: 'WAITING', label: 'Waiting on a party' },
  { type: 'RESUMED', label: 'Resumed' },
  { type: 'RESOLVED', label: 'Resolved' },
  { type: 'REOPENED', label: 'Reopened' },
  { type: 'CLOSED', label: 'Closed' },
]

// Ledger event types that a what-if replays; the rest (opened, expiries Baton records itself,
// comments, assignments, priority requests) are not events of a what-if timeline.
const FROM_LEDGER: Record<string, SimulatedEventType | undefined> = {
  acknowledged: 'ACKNOWLEDGED',
  handoff_offered: 'HANDOFF_OFFERED',
  handoff_accepted: 'HANDOFF_ACCEPTED',
  handoff_rejected: 'HANDOFF_REJECTED',
  handoff_withdrawn: 'HANDOFF_WITHDRAWN',
  waiting: 'WAITING',
  resumed: 'RESUMED',
  resolved: 'RESOLVED',
  reopened: 'REOPENED',
  closed: 'CLOSED',
}

let counter = 0
/** A fresh key for a new event row. */
export const newEventKey = () => `e${++counter}`

const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null)

/**
 * A what-if draft from a real incident's ledger: its priority, first holder, service and opening,
 * and one event per fact a what-if replays (party slugs mapped to ids). Judged at its close, else
 * at `now`.
 */
export function draftFromIncident(
  incident: {
    priority: Priority
    openedAt: string
    closedAt?: string | null
    holder: { id: string }
    service?: { id: string } | null
    timeline: { nodes: ReadonlyArray<{ at: string; type: string; data: string }> }
  },
  partyIdBySlug: ReadonlyMap<string, string>,
  now: number
): WhatIfDraft {
  const id = (slug: unknown) => {
    const s = str(slug)
    return s ? (partyIdBySlug.get(s) ?? null) : null
  }
  let holderPartyId = incident.holder.id
  const events: WhatIfEvent[] = []
  for (const n of incident.timeline.nodes) {
    let data: Record<string, unknown> = {}
    try {
      const parsed: unknown = JSON.parse(n.data)
      if (parsed && typeof parsed === 'object') data = parsed as Record<string, unknown>
    } catch {
      /* data that is not JSON carries nothing a what-if needs */
    }
    if (n.type === 'opened') {
      holderPartyId = id(data.holder) ?? holderPartyId
      continue
    }
    const type = FROM_LEDGER[n.type]
    if (!type) continue
    events.push({
      key: newEventKey(),
      at: Date.parse(n.at),
      type,
      partyId: id(type === 'HANDOFF_OFFERED' ? (data.from ?? data.party) : data.party),
      toPartyId: type === 'HANDOFF_OFFERED' ? id(data.to) : null,
      onPartyId: type === 'WAITING' ? id(data.on) : null,
      reason: str(data.reason) ?? str(data.resolution) ?? '',
      reasonCode: str(data.reasonCode) ?? '',
    })
  }
  const last = Math.max(Date.parse(incident.openedAt), ...events.map((e) => e.at))
  return {
    priority: incident.priority,
    holderPartyId,
    serviceId: incident.service?.id ?? null,
    openedAt: Date.parse(incident.openedAt),
    asOf: incident.closedAt ? Math.max(Date.parse(incident.closedAt), last) : Math.max(now, last),
    events,
  }
}

/** The simulateIncident input of a draft: events in time order (a stable sort keeps ties as entered). */
export function simulateInput(d: WhatIfDraft): SimulateIncidentInput {
  const events = [...d.events]
    .sort((a, b) => a.at - b.at)
    .map((e) => ({
      at: new Date(e.at).toISOString(),
      type: e.type,
      ...(e.partyId ? { partyId: e.partyId } : {}),
      ...(e.type === 'HANDOFF_OFFERED' && e.toPartyId ? { toPartyId: e.toPartyId } : {}),
      ...(e.type === 'WAITING' && e.onPartyId ? { onPartyId: e.onPartyId } : {}),
      ...(e.reason.trim() ? { reason: e.reason.trim() } : {}),
      ...(e.reasonCode.trim() ? { reasonCode: e.reasonCode.trim() } : {}),
    }))
  return {
    priority: d.priority,
    holderPartyId: d.holderPartyId,
    ...(d.serviceId ? { serviceId: d.serviceId } : {}),
    openedAt: new Date(d.openedAt).toISOString(),
    asOf: new Date(d.asOf).toISOString(),
    events,
  }
}

/** The value of a `datetime-local` input showing `instant` in `timeZone` (`2026-03-06T16:50`). */
export function toLocalInput(instant: number, timeZone: string): string {
  const p = zonedParts(instant, timeZone)
  return `${p.date}T${pad(p.hour)}:${pad(p.minute)}`
}

/** The instant a `datetime-local` value names in `timeZone`; null when it is not a date and time. */
export function fromLocalInput(value: string, timeZone: string): number | null {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})/.exec(value)
  if (!m) return null
  const minutes = Number(m[2]) * 60 + Number(m[3])
  if (minutes >= 24 * 60 || Number(m[3]) >= 60) return null
  return instantOfLocal(m[1]!, minutes, timeZone)
}
