import { demoOutageEvents, demoWorld } from '@baton/domain/testing'
import type { Database } from '../create-db.ts'
import { allocateIncident } from '../ledger/allocate-incident.ts'
import type { SettleIncidentInput } from '../accountability/settle-incident.ts'

// The docs/scenario.md outage as the accountability tests settle it: its incident row, and what
// its close settles.

/** The outage's incident row (Sentinel's P1, opened when the outage opened), without its events. */
export const allocateDemoOutage = (db: Database) =>
  allocateIncident(db, {
    clientKey: 'outage',
    title: 'Credential stuffing',
    priority: 'P1',
    holder: 'sentinel',
    openedAt: demoOutageEvents[0]!.at,
  })

/** What settleIncident (and its activity) takes to settle `inc` as the outage's close (workflow id incident/<key>). */
export const demoOutageSettlement = (inc: { id: string; key: string }): SettleIncidentInput => ({
  incidentId: inc.id,
  incidentKey: inc.key,
  workflowId: `incident/${inc.key}`,
  closedAt: demoOutageEvents.at(-1)!.at,
  events: demoOutageEvents,
  world: demoWorld,
})
