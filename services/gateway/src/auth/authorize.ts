import type { Viewer } from './viewer.ts'
import { forbidden } from '../graphql/errors.ts'

/** Mutations that change incidents: ADMIN, INTEGRATOR and VENDOR (on its own incidents). */
export function requireWriter(viewer: Viewer): void {
  if (viewer.role === 'VIEWER') throw forbidden('VIEWER tokens are read-only')
}

/** Staff who may run incidents on behalf of any party. */
export function requireOperator(viewer: Viewer, what: string): void {
  if (viewer.role !== 'ADMIN' && viewer.role !== 'INTEGRATOR')
    throw forbidden(`${what} needs an ADMIN or INTEGRATOR token`)
}

export function requireAdmin(viewer: Viewer, what: string): void {
  if (viewer.role !== 'ADMIN') throw forbidden(`${what} needs an ADMIN token`)
}

/** Staff reads that span vendors (the world's agreements, ledger-wide verification). */
export function requireStaffRead(viewer: Viewer, what: string): void {
  if (viewer.role === 'VENDOR') throw forbidden(`${what} is not available to VENDOR tokens`)
}
