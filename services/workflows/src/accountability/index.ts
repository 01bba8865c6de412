export * from './create-accountability-activities.ts'
export * from './ensure-review-pack-schedules.ts'
export * from './accountability-workflows-path.ts'
