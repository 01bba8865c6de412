export * from './tracing-config.ts'
export * from './start-tracing.ts'
export type { Tracing } from './register-tracing.ts'
