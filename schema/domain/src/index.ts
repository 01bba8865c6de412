export * from './result.ts'
export * from './events/incident-event.ts'
export * from './world/world.ts'
