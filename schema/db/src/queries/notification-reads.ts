import { asc, eq } from 'drizzle-orm'
import type { Database } from '../create-db.ts'
import { notifications } from '../tables/notifications.ts'

/** A notification row (one escalation's or review pack's message to one recipient, with its delivery state). */
export type NotificationRow = typeof notifications.$inferSelect

/** An incident's notifications with their delivery states, oldest first (the caller enforces the viewer's scope). */
export const listIncidentNotifications = (db: Database, incidentId: string) =>
  db
    .select()
    .from(notifications)
    .where(eq(notifications.incidentId, incidentId))
    .orderBy(asc(notifications.createdAt), asc(notifications.recipient))
