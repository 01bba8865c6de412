export { createNotificationActivities, type NotificationDeps, type NotificationDeliveryReport, type NotificationOutcome, type NotificationActivityImpl } from './create-notification-activities.ts'
export type { SmtpConfig } from './send-email.ts'
export { signWebhook } from './sign-webhook.ts'
