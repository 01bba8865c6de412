// Node-only (never imported by workflow code): the outbound address policy shared by the
// adapters' vendor delivery and the worker's notification webhooks.
export * from './guarded-fetch.ts'
