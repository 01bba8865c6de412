export * from './seed-vendor.ts'
export * from './signed-request.ts'
