import type { IncidentView } from '@baton/domain'
import type { IncidentRuntime } from './incident-runtime.ts'

export type PlannedEscalation = {
  key: string
  at: string
  reason: string
  step: number | null
  party: string
  desk: string | null
  recipients: string[]
  clock?: { id: string; metric: string; deadline: string | null; timeZone: string } | undefined
}

// WIP(lead): wired to the domain's evaluateLadder once schema/domain exports it.
export function dueLadderEscalations(_rt: IncidentRuntime, _view: IncidentView, _now: Date): PlannedEscalation[] {
  return []
}
dueLadderEscalations.nextWake = (_rt: IncidentRuntime, _view: IncidentView, _now: Date): Date | null => null
