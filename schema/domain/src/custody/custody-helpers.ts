import type { CustodySegment, IncidentState, ResponseCycle } from './incident-state.ts'

/** Instants are stored as canonical UTC ISO strings so they compare and display uniformly. */
export const utc = (at: string): string => new Date(Date.parse(at)).toISOString()

/** Ends the current segment at `at` and, when `next` is given, starts it. */
export function switchSegment(
  s: IncidentState,
  at: string,
  next?: Omit<CustodySegment, 'from'>
): CustodySegment[] {
  const segments = s.segments.map((seg, i) =>
    i === s.segments.length - 1 && seg.to === undefined ? { ...seg, to: at } : seg
  )
  // A zero-length segment says nothing; replace it rather than keep it.
  const last = segments[segments.length - 1]
  if (last && last.from === at && last.to === at) segments.pop()
  if (next) segments.push({ ...next, from: at })
  return segments
}

export function startCycle(
  s: IncidentState,
  party: string,
  at: string,
  handoffId?: string
): ResponseCycle[] {
  const cycle = s.responseCycles.filter((c) => c.party === party).length + 1
  return [...s.responseCycles, { party, cycle, startedAt: at, ...(handoffId ? { handoffId } : {}) }]
}

/** Ends the open cycles that match, with an outcome. */
export function endCycles(
  cycles: ResponseCycle[],
  at: string,
  match: (c: ResponseCycle) => boolean,
  outcome: NonNullable<ResponseCycle['outcome']>
): ResponseCycle[] {
  return cycles.map((c) =>
    c.endedAt === undefined && match(c) ? { ...c, endedAt: at, outcome } : c
  )
}

/** Any move by a party answers its own declaration or assignment cycle. */
export const actedBy = (cycles: ResponseCycle[], party: string, at: string): ResponseCycle[] =>
  endCycles(cycles, at, (c) => c.party === party && c.handoffId === undefined, 'acted')
