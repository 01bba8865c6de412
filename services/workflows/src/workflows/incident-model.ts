import type { IncidentEvent, IncidentProjection, Result } from '@baton/domain'
import { domainError, ok } from '@baton/domain'

// Interim incident model for the foundation slice: status and holder only. Replaced by the
// domain's custody reducer (issue 3) once it lands; the workflow calls only these two functions.
export type IncidentModel = { events: IncidentEvent[]; status: string; holder: string; title: string; priority: string; acknowledgedAt: string | null; resolvedAt: string | null; closedAt: string | null }

export function startModel(opened: Extract<IncidentEvent, { type: 'opened' }>): IncidentModel {
  return { events: [opened], status: 'OPEN', holder: opened.holder, title: opened.title, priority: opened.priority, acknowledgedAt: null, resolvedAt: null, closedAt: null }
}

export function applyToModel(m: IncidentModel, e: IncidentEvent): Result<IncidentModel> {
  const closed = m.status === 'CLOSED'
  switch (e.type) {
    case 'acknowledged':
      if (e.party !== m.holder) return domainError('NOT_HOLDER', `${e.party} does not hold the incident (${m.holder} does)`)
      if (m.status !== 'OPEN') return domainError('INVALID_TRANSITION', `cannot acknowledge an incident that is ${m.status}`)
      return ok({ ...m, events: [...m.events, e], status: 'ACKNOWLEDGED', acknowledgedAt: e.at })
    case 'comment':
      return ok({ ...m, events: [...m.events, e] })
    case 'resolved':
      if (closed || m.status === 'RESOLVED') return domainError('INVALID_TRANSITION', `cannot resolve an incident that is ${m.status}`)
      return ok({ ...m, events: [...m.events, e], status: 'RESOLVED', resolvedAt: e.at })
    case 'closed':
      if (m.status !== 'RESOLVED') return domainError('INVALID_TRANSITION', 'only a resolved incident can be closed')
      return ok({ ...m, events: [...m.events, e], status: 'CLOSED', closedAt: e.at })
    default:
      return domainError('INVALID_TRANSITION', `${e.type} is not supported yet`)
  }
}

export function projectModel(m: IncidentModel): IncidentProjection {
  return { title: m.title, priority: m.priority, status: m.status, holder: m.holder, involvedParties: [m.holder], acknowledgedAt: m.acknowledgedAt, resolvedAt: m.resolvedAt, closedAt: m.closedAt }
}
