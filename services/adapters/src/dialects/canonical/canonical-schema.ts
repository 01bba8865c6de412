import { z } from 'zod'
import { IncidentRef, InboundType } from '../inbound-message.ts'

const text = (max: number) => z.string().max(max)

/** The canonical body (docs/vendor-integration.md). */
export const CanonicalWebhook = z
  .object({
    type: InboundType,
    incident: IncidentRef,
    occurredAt: z.iso
      .datetime({ offset: true })
      .describe(
        "when the vendor says the event happened: kept as evidence; clocks run on Baton's receipt time unless this lies at most the party's clockSkew (PT2M by default) before the receipt and not before the incident's previous event; further ahead than the skew: 422"
      ),
    actor: z.object({ name: text(200).optional(), email: text(320).optional() }).optional(),
    data: z
      .object({
        title: text(500).optional(),
        priority: text(50).optional().describe('P1..P4, or a value of the party mapping table'),
        reason: text(4000).optional(),
        reasonCode: text(100).optional(),
        context: text(20000).optional(),
        handoffId: text(200)
          .optional()
          .describe(
            "hand-off answers: Baton's hand-off id, or your own reference of one you requested; handoff.requested: your own reference for it (Baton mints the id)"
          ),
        to: text(100)
          .optional()
          .describe("party a hand-off is requested to: its slug or name, or 'party/desk'"),
        on: text(100).optional().describe('party the vendor waits on: its slug or name'),
        body: text(20000).optional(),
        resolution: text(4000).optional(),
        clockId: text(300)
          .optional()
          .describe(
            'attribution.disputed: the id of the breached clock contested, as the settlement names it'
          ),
        evidence: text(20000)
          .optional()
          .describe("attribution.disputed: why the breach is not this party's (required)"),
      })
      .default({}),
  })
  .meta({ id: 'CanonicalWebhook' })
export type CanonicalWebhook = z.infer<typeof CanonicalWebhook>
