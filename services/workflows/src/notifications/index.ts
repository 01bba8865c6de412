export {
  createNotificationActivities,
  type NotificationDeps,
  type NotificationDeliveryReport,
  type NotificationOutcome,
  type NotificationActivityImpl,
} from './create-notification-activities.ts'
export type { SmtpConfig } from './send-email.ts'
export { signWebhook } from './sign-webhook.ts'
export {
  REVIEW_PACK_RECIPIENT_ROLES,
  type ReviewPackDeliveryInput,
  type ReviewPackDeliveryReport,
} from './deliver-review-pack.ts'
