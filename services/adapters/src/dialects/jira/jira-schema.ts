import { z } from 'zod'

const named = z.looseObject({ name: z.string().max(200) })
const user = z.looseObject({
  accountId: z.string().max(200).optional(),
  displayName: z.string().max(200).optional(),
  emailAddress: z.string().max(320).optional(),
})

/** A Jira issue webhook body (jira:issue_created, jira:issue_updated, comment_created). */
export const JiraWebhook = z
  .looseObject({
    timestamp: z
      .number()
      .int()
      .positive()
      .describe('epoch milliseconds; signed, 5-minute tolerance'),
    webhookEvent: z.enum([
      'jira:issue_created',
      'jira:issue_updated',
      'comment_created',
      'comment_updated',
    ]),
    issue_event_type_name: z.string().max(100).optional(),
    user: user.optional(),
    issue: z.looseObject({
      id: z.string().max(100),
      key: z.string().max(100),
      fields: z.looseObject({
        summary: z.string().max(1000).optional(),
        status: named.optional(),
        priority: named.nullish(),
        labels: z
          .array(z.string().max(255))
          .default([])
          .describe('baton:<incident>, waiting-on:<party>, handoff-to:<party>'),
      }),
    }),
    changelog: z
      .looseObject({
        id: z.string().max(100).optional(),
        items: z.array(
          z.looseObject({
            field: z.string().max(200),
            fromString: z.string().max(1000).nullish(),
            toString: z.string().max(1000).nullish(),
          })
        ),
      })
      .optional(),
    comment: z
      .looseObject({
        id: z.string().max(100).optional(),
        body: z.string().max(20000),
        author: user.optional(),
      })
      .optional(),
  })
  .meta({ id: 'JiraWebhook' })
export type JiraWebhook = z.infer<typeof JiraWebhook>
