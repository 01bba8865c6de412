import type { LedgerEntryRow } from '@baton/db'
import { clockSkewMs } from '@baton/domain'
import type { Resolvers } from '../generated/resolvers-types.ts'
import { correctEventTime } from '../commands/correct-event-time.ts'

const touches = (entry: LedgerEntryRow, clockId: string) => {
  const clocks = (entry.data as { clocks?: Array<{ clockId?: string }> } | null)?.clocks
  return Array.isArray(clocks) && clocks.some((c) => c.clockId === clockId)
}

/** Who says when in GraphQL: a party's allowed clock skew, staff corrections of event times and where a dispute shows them. */
export const eventTimeResolvers = {
  Mutation: {
    correctEventTime: (_, a, ctx) => correctEventTime(ctx, a),
  },
  PartyIntegration: {
    clockSkew: (i) => clockSkewMs({ integration: i }),
  },
  Dispute: {
    timeCorrections: async (d, _, ctx) =>
      (await ctx.loaders.ledgerByIncident.load(d.incidentId)).filter(
        (e) => e.type === 'event_time_corrected' && touches(e, d.clockId)
      ),
  },
} satisfies Resolvers
