import { useSyncExternalStore } from 'react'

/** The live connection (graphql-ws) as the page shows it. */
export type ConnectionState = 'connecting' | 'live' | 'reconnecting'

let state: ConnectionState = 'connecting'
/** Bumped each time the connection comes back after a loss: pages refetch to catch up. */
let reconnects = 0
let everConnected = false
const listeners = new Set<() => void>()
const emit = () => {
  for (const l of listeners) l()
}

export const connectionStatus = {
  connected(): void {
    if (everConnected && state === 'reconnecting') reconnects += 1
    everConnected = true
    state = 'live'
    emit()
  },
  lost(): void {
    if (!everConnected) return
    state = 'reconnecting'
    emit()
  },
}

function subscribe(l: () => void): () => void {
  listeners.add(l)
  return () => listeners.delete(l)
}

export function useConnectionState(): ConnectionState {
  return useSyncExternalStore(
    subscribe,
    () => state,
    () => state
  )
}

/** A number that changes when the connection returns after a loss (use it as an effect dependency). */
export function useReconnects(): number {
  return useSyncExternalStore(
    subscribe,
    () => reconnects,
    () => reconnects
  )
}
