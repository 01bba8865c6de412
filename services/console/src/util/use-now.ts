import { useSyncExternalStore } from 'react'
import { incidentNow, useTimeBase } from './incident-time.tsx'

// One shared ticker for every countdown on the page: components read `now` and re-render only
// when the value they derive from it changes (see useTicking).

type Listener = () => void
const listeners = new Set<Listener>()
let now = Date.now()
let timer: ReturnType<typeof setInterval> | undefined

function subscribe(listener: Listener): () => void {
  listeners.add(listener)
  if (!timer) {
    now = Date.now()
    timer = setInterval(() => {
      now = Date.now()
      for (const l of listeners) l()
    }, 1000)
  }
  return () => {
    listeners.delete(listener)
    if (listeners.size === 0 && timer) {
      clearInterval(timer)
      timer = undefined
    }
  }
}

const read = () => now

/** The current instant, updated every second. */
export function useNow(): number {
  return useSyncExternalStore(subscribe, read, read)
}

/**
 * A value derived from the ticking clock; the component re-renders only when the derived value
 * changes (a countdown label changes once a second, a desk's local time once a minute). With
 * `active` false (the cell is off screen) it does not subscribe at all. Inside an
 * IncidentTimeProvider, `now` is that incident's own time (a simulated incident runs at its speed
 * from its asOf), so countdowns and desk clocks read against the incident's clock.
 */
export function useTicking<T extends string | number | boolean>(
  derive: (now: number) => T,
  active = true
): T {
  const base = useTimeBase()
  return useSyncExternalStore(
    active ? subscribe : subscribeNever,
    () => derive(incidentNow(base, active ? now : frozen(now))),
    () => derive(incidentNow(base, now))
  )
}

const subscribeNever = () => () => undefined
// An inactive (off-screen) cell keeps the instant it was last drawn at, to the minute.
const frozen = (t: number) => Math.floor(t / 60_000) * 60_000
