import { createContext, useContext, type ReactNode } from 'react'

/**
 * Where an incident's own time stands: the gateway computed its figures at `asOfMs` (its
 * `Incident.asOf`), which this browser received at `receivedMs`, and the incident's time runs
 * `speed` times as fast as real time. Null: a real incident, on the browser's own clock.
 */
export interface TimeBase {
  asOfMs: number
  receivedMs: number
  speed: number
}

/** A simulated incident's time base from its `asOf` and `simulatedClock`; null for a real one. */
export function timeBaseOf(
  incident: { asOf: string; simulatedClock?: { speed: number } | null },
  receivedMs: number
): TimeBase | null {
  const sim = incident.simulatedClock
  return sim ? { asOfMs: Date.parse(incident.asOf), receivedMs, speed: sim.speed } : null
}

/** The incident's instant at the browser's instant `now`: moving from its asOf at its speed. */
export function incidentNow(base: TimeBase | null, now: number): number {
  return base ? base.asOfMs + (now - base.receivedMs) * base.speed : now
}

// When each answer object was first seen: the instant its asOf was current in this browser.
const seen = new WeakMap<object, number>()
/** The time base of a query's incident, received when this object was first seen. */
export function timeBaseOfAnswer(incident: {
  asOf: string
  simulatedClock?: { speed: number } | null
}): TimeBase | null {
  let at = seen.get(incident)
  if (at === undefined) seen.set(incident, (at = Date.now()))
  return timeBaseOf(incident, at)
}

const IncidentTime = createContext<TimeBase | null>(null)

/** Everything inside ticks on this incident's time (countdowns, desk clocks, "5m ago"). */
export function IncidentTimeProvider({
  base,
  children,
}: {
  base: TimeBase | null
  children: ReactNode
}) {
  return <IncidentTime.Provider value={base}>{children}</IncidentTime.Provider>
}

/** The time base of the incident being drawn (null: the browser's clock). */
export const useTimeBase = (): TimeBase | null => useContext(IncidentTime)
