export * from './vendor-simulator.ts'
export * from './vendor-payloads.ts'
export * from './scenario-vendors.ts'
export * from './read-outbound.ts'
