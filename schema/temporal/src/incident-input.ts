import { z } from 'zod'
import { IncidentEvent, Priority, World } from '@baton/domain'

/**
 * The world slice an incident is pinned to at its start: agreement versions, calendars,
 * ladders and parties. Later edits of the world never change a running incident.
 */
export const PinnedWorld = World.pick({ calendars: true, parties: true, agreements: true, ladders: true, pingPong: true, services: true })
export type PinnedWorld = z.infer<typeof PinnedWorld>

export const IncidentWorkflowInput = z.object({
  incidentId: z.uuid(),
  key: z.string(),
  title: z.string(),
  priority: Priority,
  holder: z.string().describe('party slug'),
  openedAt: z.iso.datetime({ offset: true }),
  declaredBy: z.string(),
  service: z.string().optional(),
  parentKey: z.string().optional(),
  deliveryTaskQueue: z.string().optional(),
  world: PinnedWorld,
  /** state carried across continue-as-new */
  carried: z.object({
    events: z.array(IncidentEvent),
    seq: z.number().int(),
    seenMessages: z.array(z.string()),
    firedSteps: z.array(z.string()),
    marks: z.array(z.string()).default([]),
    children: z.array(z.object({ key: z.string(), status: z.string() })).default([]),
  }).optional(),
  parentWorkflowId: z.string().optional(),
  /** continue-as-new after this many ledger entries in one run (tests); otherwise when Temporal suggests it */
  maxEntriesPerRun: z.number().int().positive().optional(),
})
export type IncidentWorkflowInput = z.infer<typeof IncidentWorkflowInput>
