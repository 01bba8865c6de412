import { Worker, type NativeConnection } from '@temporalio/worker'
import { TASK_QUEUES } from '@baton/temporal'
import { createDeliveryActivities, type DeliveryDeps } from './create-delivery-activities.ts'
import { countDeliveries } from '../app/metrics.ts'

export type CreateDeliveryWorkerOptions = DeliveryDeps & {
  connection: NativeConnection
  namespace?: string
  taskQueue?: string
  concurrency?: number
}

/** A worker with the delivery activities only, on the delivery task queue (no workflows). */
export function createDeliveryWorker(o: CreateDeliveryWorkerOptions): Promise<Worker> {
  return Worker.create({
    connection: o.connection,
    namespace: o.namespace ?? 'default',
    taskQueue: o.taskQueue ?? TASK_QUEUES.delivery,
    activities: countDeliveries(createDeliveryActivities(o)),
    maxConcurrentActivityTaskExecutions: o.concurrency ?? 50,
  })
}
