import { z } from 'zod'
import {
  BatonFields,
  batonFieldsOf,
  describeOutbound,
  handoffOf,
  vendorFieldsOf,
  type OutboundRendering,
} from '../outbound-rendering.ts'

/** Baton's outbound message as a Jira-style issue transition with a comment (the body of POST /issue/{key}/transitions). */
export const JiraOutbound = z
  .object({
    issueKey: z.string().nullable().describe('your issue key, once Baton knows it'),
    transition: z
      .object({ name: z.string() })
      .optional()
      .describe(
        "the status to move to, from the party's state table in reverse; absent when the message changes no status or the table has none"
      ),
    fields: z.object({
      summary: z.string().optional(),
      priority: z
        .object({ name: z.string() })
        .optional()
        .describe("from the party's priority table in reverse"),
      labels: z
        .array(z.string())
        .describe('baton:<incident key>, and handoff-to:<party> for a hand-off'),
    }),
    update: z
      .object({ comment: z.array(z.object({ add: z.object({ body: z.string() }) })).length(1) })
      .describe('one comment saying what happened'),
    properties: z
      .array(z.object({ key: z.literal('baton'), value: BatonFields }))
      .length(1)
      .describe('the canonical fields, as an issue entity property'),
  })
  .meta({
    id: 'JiraOutbound',
    description:
      "A Jira-style transition with a comment: issueKey (your ref), transition.name (your status), fields.priority.name, labels baton:<key> and handoff-to:<party>, one comment saying what happened, and an entity property 'baton' with the canonical fields.",
  })
export type JiraOutbound = z.infer<typeof JiraOutbound>

export const jiraOutbound: OutboundRendering<JiraOutbound> = {
  schema: JiraOutbound,
  render(message, mappings) {
    const { state, priority, unmapped } = vendorFieldsOf(message, mappings)
    const to = handoffOf(message).to
    return {
      issueKey: message.incident.vendorRef ?? null,
      ...(state ? { transition: { name: state } } : {}),
      fields: {
        ...(message.incident.title ? { summary: message.incident.title } : {}),
        ...(priority ? { priority: { name: priority } } : {}),
        labels: [`baton:${message.incident.key}`, ...(to ? [`handoff-to:${to}`] : [])],
      },
      update: { comment: [{ add: { body: describeOutbound(message) } }] },
      properties: [{ key: 'baton', value: batonFieldsOf(message, unmapped) }],
    }
  },
}
