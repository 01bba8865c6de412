export * from './tables/config.ts'
export * from './tables/incidents.ts'
