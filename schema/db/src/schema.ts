export * from './tables/config.ts'
export * from './tables/incidents.ts'
export * from './tables/notifications.ts'
export * from './tables/adapters.ts'
