import { fileURLToPath } from 'node:url'
import type { NativeConnection } from '@temporalio/worker'
import { Worker, type WorkerOptions } from '@temporalio/worker'
import type { Database, SigningKey } from '@baton/db'
import type { Tracing } from '@baton/temporal/tracing'
import { createActivities } from './activities/create-activities.ts'
import { createNotificationActivities, type NotificationDeps } from './notifications/index.ts'
import { createAccountabilityActivities } from './accountability/create-accountability-activities.ts'
import { createLedgerAnchorActivities } from './accountability/create-ledger-anchor-activities.ts'

export const workflowsPath = fileURLToPath(new URL('./workflows/index.ts', import.meta.url))

export type CreateWorkerOptions = {
  connection: NativeConnection
  namespace?: string
  taskQueue: string
  db: Database
  concurrency?: number
  workflowBundle?: WorkerOptions['workflowBundle']
  /** how escalation notifications reach people (SMTP, console link); see notifications/ */
  notifications: Omit<NotificationDeps, 'db'>
  /** OpenTelemetry interceptors and span sink; null/absent (the default) installs nothing. A prebuilt
   * workflowBundle must have been bundled with the same workflow interceptor module. */
  tracing?: Tracing | null
  /** Baton's Ed25519 key for the hourly ledger anchors; absent, anchorLedger refuses (no schedule is made then) */
  signingKey?: SigningKey | null
}

/** The incident worker: workflows from ./workflows, activities bound to the database. */
export async function createIncidentWorker(o: CreateWorkerOptions): Promise<Worker> {
  const concurrency = o.concurrency ?? 100
  return Worker.create({
    connection: o.connection,
    namespace: o.namespace ?? 'default',
    taskQueue: o.taskQueue,
    ...(o.workflowBundle ? { workflowBundle: o.workflowBundle } : { workflowsPath }),
    activities: {
      ...createActivities({ db: o.db }),
      ...createNotificationActivities({ ...o.notifications, db: o.db }),
      ...createAccountabilityActivities({ db: o.db }),
      ...createLedgerAnchorActivities({ db: o.db, signingKey: o.signingKey ?? null }),
    },
    maxConcurrentActivityTaskExecutions: concurrency,
    maxConcurrentWorkflowTaskExecutions: Math.max(2, Math.min(concurrency, 200)),
    maxCachedWorkflows: 2000,
    ...(o.tracing ? o.tracing.workerOptions() : {}),
  })
}
