import { z } from 'zod'

const ref = z.looseObject({
  id: z.string().max(200),
  summary: z.string().max(500).optional(),
  type: z.string().max(100).optional(),
})

/** A PagerDuty v3 webhook (event subscription) body; unknown fields pass through untouched. */
export const PagerDutyWebhook = z
  .object({
    event: z.looseObject({
      id: z.string().min(1).max(200),
      event_type: z.string().regex(/^incident\.[a-z_]+$/, "'incident.<action>'"),
      resource_type: z.string().max(50),
      occurred_at: z.iso.datetime({ offset: true }),
      agent: ref.nullish(),
      data: z.looseObject({
        id: z.string().max(200),
        type: z.string().max(50),
        number: z.number().int().optional(),
        status: z.string().max(50).optional(),
        title: z.string().max(1000).optional(),
        incident_key: z
          .string()
          .max(255)
          .nullish()
          .describe('Baton incident id or key when Baton raised it'),
        priority: ref.nullish(),
        assignees: z.array(ref).optional(),
        resolve_reason: z.string().max(4000).nullish(),
        incident: ref.optional().describe('the incident an incident_note belongs to'),
        content: z.string().max(20000).optional(),
      }),
    }),
  })
  .meta({ id: 'PagerDutyWebhook' })
export type PagerDutyWebhook = z.infer<typeof PagerDutyWebhook>
