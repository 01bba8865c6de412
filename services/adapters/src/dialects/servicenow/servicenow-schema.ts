import { z } from 'zod'

const reference = z.union([
  z.string().max(200),
  z.looseObject({ value: z.string().max(200), display_value: z.string().max(200).optional() }),
])

/** A ServiceNow-style incident record as its outbound REST message sends it. */
export const ServiceNowRecord = z
  .looseObject({
    sys_id: z.string().regex(/^[0-9a-f]{32}$/, '32 hex characters'),
    number: z.string().min(1).max(40),
    state: z.string().max(20),
    priority: z.string().max(20).optional(),
    short_description: z.string().max(1000).optional(),
    assignment_group: reference.optional(),
    work_notes: z.string().max(20000).optional(),
    close_notes: z.string().max(20000).optional(),
    correlation_id: z.string().max(100).optional().describe('the Baton incident id or key'),
    sys_updated_on: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/, "'YYYY-MM-DD HH:mm:ss' (UTC)"),
    sys_updated_by: z.string().max(200).optional(),
    changed_fields: z
      .array(z.string().max(100))
      .optional()
      .describe('fields this update changed; absent means the state is the news'),
    u_handoff_to: z.string().max(100).optional(),
    u_waiting_on: z.string().max(100).optional(),
  })
  .meta({ id: 'ServiceNowRecord' })
export type ServiceNowRecord = z.infer<typeof ServiceNowRecord>
