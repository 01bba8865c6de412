import type { Client } from '@temporalio/client'
import {
  allocateIncident,
  loadPinnedWorld,
  type AllocateIncidentInput,
  type Database,
} from '@baton/db'
import type { Priority } from '@baton/domain'
import { incidentWorkflowId, syncUpdate, type IncidentWorkflowInput } from '@baton/temporal'

export type DirectDeclaration = AllocateIncidentInput & {
  priority: Priority
  declaredBy: string
  taskQueue: string
  /** where the workflow sends outbound messages (the delivery workers' default queue when absent) */
  deliveryTaskQueue?: string | undefined
  /** the service's slug, for the workflow (the row names it by `serviceId`) */
  service?: string | undefined
  clock?: IncidentWorkflowInput['clock']
  parentKey?: string | undefined
  workflowIdConflictPolicy?: 'USE_EXISTING'
  /** false: returns once the workflow is started, without waiting for the declaration's entry */
  untilRecorded?: boolean
}

/**
 * Declares an incident straight to Temporal, without the gateway (the demo outage, which sets
 * its simulated clock, and the end-to-end harness): allocates the row, starts its workflow on
 * the world pinned at `openedAt` and waits until the workflow has recorded the declaration
 * (unless `untilRecorded` is false).
 */
export async function startIncident(db: Database, client: Client, d: DirectDeclaration) {
  const inc = await allocateIncident(db, {
    clientKey: d.clientKey,
    title: d.title,
    priority: d.priority,
    holder: d.holder,
    openedAt: d.openedAt,
    serviceId: d.serviceId,
    parentId: d.parentId,
  })
  const input: IncidentWorkflowInput = {
    incidentId: inc.id,
    key: inc.key,
    title: d.title,
    priority: d.priority,
    holder: d.holder,
    openedAt: d.openedAt,
    declaredBy: d.declaredBy,
    world: await loadPinnedWorld(db, d.openedAt),
    ...(d.service ? { service: d.service } : {}),
    ...(d.clock ? { clock: d.clock } : {}),
    ...(d.deliveryTaskQueue ? { deliveryTaskQueue: d.deliveryTaskQueue } : {}),
    ...(d.parentKey
      ? { parentKey: d.parentKey, parentWorkflowId: incidentWorkflowId(d.parentKey) }
      : {}),
  }
  const handle = await client.workflow.start('incidentWorkflow', {
    taskQueue: d.taskQueue,
    workflowId: incidentWorkflowId(inc.key),
    args: [input],
    ...(d.workflowIdConflictPolicy ? { workflowIdConflictPolicy: d.workflowIdConflictPolicy } : {}),
  })
  if (d.untilRecorded !== false) await handle.executeUpdate(syncUpdate, { args: [{ minSeq: 1 }] })
  return { id: inc.id, key: inc.key, handle }
}
