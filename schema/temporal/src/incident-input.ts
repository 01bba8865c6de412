import { z } from 'zod'
import { IncidentEvent, Priority, World } from '@baton/domain'

/**
 * The world slice an incident is pinned to at its start: agreement versions, calendars,
 * ladders and parties. Later edits of the world never change a running incident.
 */
export const PinnedWorld = World.pick({
  calendars: true,
  parties: true,
  agreements: true,
  ladders: true,
  pingPong: true,
  services: true,
})
export type PinnedWorld = z.infer<typeof PinnedWorld>

export const IncidentWorkflowInput = z.object({
  incidentId: z.uuid(),
  key: z.string(),
  title: z.string(),
  priority: Priority,
  holder: z.string().describe('party slug'),
  openedAt: z.iso.datetime({ offset: true }),
  /** a vendor-opened incident: the opening time the vendor claimed and Baton's receipt time, kept on its `opened` entry as evidence */
  claimedAt: z.iso.datetime({ offset: true }).optional(),
  receivedAt: z.iso.datetime({ offset: true }).optional(),
  declaredBy: z.string(),
  service: z.string().optional(),
  parentKey: z.string().optional(),
  deliveryTaskQueue: z.string().optional(),
  world: PinnedWorld,
  /** state carried across continue-as-new */
  carried: z
    .object({
      events: z.array(IncidentEvent),
      /** each carried event's ledger seq (staff time corrections name events by seq) */
      eventSeqs: z.array(z.number().int()).optional(),
      seq: z.number().int(),
      seenMessages: z.array(z.string()),
      firedSteps: z.array(z.string()),
      marks: z.array(z.string()).default([]),
      children: z.array(z.object({ key: z.string(), status: z.string() })).default([]),
      /**
       * vendor messages received (and so in seenMessages) but not applied when the run continued
       * as new: they arrived while it flushed its last writes; the next run applies them first
       */
      inbox: z
        .array(z.object({ messageId: z.string(), receipt: z.string(), event: IncidentEvent }))
        .optional(),
    })
    .optional(),
  parentWorkflowId: z.string().optional(),
  /**
   * A simulated clock for demos, training and tests: the incident's time starts at `origin` when
   * the workflow starts (or at `realOrigin`) and runs `speed` times faster than real time.
   */
  clock: z
    .object({
      origin: z.iso.datetime({ offset: true }),
      realOrigin: z.iso.datetime({ offset: true }).optional(),
      speed: z.number().positive(),
      advancedMs: z.number().nonnegative().default(0),
    })
    .optional(),
  /** continue-as-new after this many ledger entries in one run (tests); otherwise when Temporal suggests it */
  maxEntriesPerRun: z.number().int().positive().optional(),
})
export type IncidentWorkflowInput = z.infer<typeof IncidentWorkflowInput>
