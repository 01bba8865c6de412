export * from './task-queues.ts'
export * from './incident-input.ts'
export * from './incident-messages.ts'
export type * from './activities.ts'
