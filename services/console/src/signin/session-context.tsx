import { createContext, useContext } from 'react'
import type { SessionViewer } from './session.ts'

export interface SessionState {
  viewer: SessionViewer
  /** Forget the session locally (after sign-out or an UNAUTHENTICATED answer). */
  clear: () => void
}

export const SessionContext = createContext<SessionState | null>(null)

/** The signed-in viewer; only rendered below the signed-in guard. */
export function useSession(): SessionState {
  const s = useContext(SessionContext)
  if (!s) throw new Error('useSession outside a signed-in page')
  return s
}

/** Roles that may change incidents (VIEWER reads only). */
export function canWrite(role: string): boolean {
  return role === 'ADMIN' || role === 'INTEGRATOR' || role === 'VENDOR'
}

/** Staff roles act on behalf of any party; a VENDOR only as its own party. */
export function isStaff(role: string): boolean {
  return role === 'ADMIN' || role === 'INTEGRATOR'
}
