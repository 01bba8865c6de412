import './provided-context.ts'
export * from './test-database.ts'
export * from './test-signing-key.ts'
export * from './record-incident.ts'
