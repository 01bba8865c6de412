export * from './seed-vendor.ts'
export * from './signed-request.ts'
export * from './vendor-endpoint.ts'
