export * from './party-view.ts'
export * from './redact-for-party.ts'
