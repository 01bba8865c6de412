export { createActivities, type ActivityDeps } from './activities/create-activities.ts'
export { createIncidentWorker, workflowsPath, type CreateWorkerOptions } from './create-worker.ts'
export { loadWorkerConfig, WorkerConfig } from './config.ts'
export * from './notifications/index.ts'
