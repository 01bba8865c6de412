import './provided-context.ts'
export * from './test-database.ts'
