export * from './sse-subscription.ts'
