import { z } from 'zod'
import { Recipient } from '@baton/domain'
import type { NotificationRequest } from '@baton/temporal'

/** The payload jsonb of a notifications row (the NotificationRequest the workflow wrote), parsed once. */
export const NotificationPayload = z.object({
  idempotencyKey: z.string(),
  incidentId: z.string(),
  incidentKey: z.string(),
  priority: z.string(),
  title: z.string(),
  holder: z.string(),
  step: z.number().nullable(),
  reason: z.string(),
  party: z.string(),
  desk: z.string().nullable(),
  recipients: z.array(z.string()),
  to: z.array(Recipient).optional(),
  clock: z
    .object({
      id: z.string(),
      metric: z.string(),
      deadline: z.string().nullable(),
      timeZone: z.string(),
    })
    .optional(),
  at: z.string(),
}) satisfies z.ZodType<NotificationRequest>
export type NotificationPayload = z.infer<typeof NotificationPayload>
