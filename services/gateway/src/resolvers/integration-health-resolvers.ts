import DataLoader from 'dataloader'
import {
  deadLetterPayloads,
  vendorIntegrationHealth,
  setDeliveryPaused,
  type DeadLetterRow,
  type PartyRow,
  type VendorIntegrationHealth,
} from '@baton/db'
import type { GatewayContext } from '../context.ts'
import type { Resolvers } from '../generated/resolvers-types.ts'
import { requireOperator } from '../auth/authorize.ts'
import { actorLabel } from '../commands/acting-party.ts'
import { notFound } from '../graphql/errors.ts'
import { partyById } from './world-resolvers.ts'

/** A VendorIntegrationHealth: the shared figures and the party they are about. */
export type IntegrationHealthView = VendorIntegrationHealth & { partyRow: PartyRow }

type Ctx = GatewayContext

const healthOf = async (ctx: Ctx, party: PartyRow): Promise<IntegrationHealthView> => ({
  ...(await vendorIntegrationHealth(ctx.deps.db.db, party.id, party.slug, ctx.now())),
  partyRow: party,
})

/** The vendor a pause or resume names: a party with a vendor integration, else NOT_FOUND. */
async function vendorParty(ctx: Ctx, partyId: string): Promise<PartyRow> {
  const party = await partyById(ctx, partyId)
  if (!party || !party.integration) throw notFound('vendor integration', partyId)
  return party
}

async function switchDelivery(ctx: Ctx, partyId: string, paused: boolean) {
  const what = paused ? 'pauseDelivery' : 'resumeDelivery'
  requireOperator(ctx.viewer, what)
  const party = await vendorParty(ctx, partyId)
  const change = await setDeliveryPaused(ctx.deps.db.db, {
    actor: { name: ctx.viewer.name, tokenId: ctx.viewer.tokenId },
    partyId: party.id,
    partySlug: party.slug,
    paused,
  })
  ctx.deps.logger.info(
    { party: party.slug, paused, actor: await actorLabel(ctx), change: change?.id ?? null },
    `outbound delivery to ${party.slug} ${paused ? 'paused' : 'resumed'}`
  )
  return healthOf(ctx, party)
}

// One query per request for the payloads of every dead letter a page asks them of.
const payloadLoaders = new WeakMap<Ctx, DataLoader<string, unknown>>()
function payloadLoader(ctx: Ctx) {
  let loader = payloadLoaders.get(ctx)
  if (!loader) {
    loader = new DataLoader(async (receipts: readonly string[]) => {
      const byReceipt = await deadLetterPayloads(ctx.deps.db.db, receipts)
      return receipts.map((r) => byReceipt.get(r) ?? null)
    })
    payloadLoaders.set(ctx, loader)
  }
  return loader
}

export const integrationHealthResolvers = {
  Party: {
    integrationHealth: (p, _, ctx) =>
      ctx.viewer.role === 'VENDOR' || !p.integration ? null : healthOf(ctx, p),
  },
  VendorIntegrationHealth: {
    party: (h) => h.partyRow,
    queueDepth: (h) => h.outbound.queueDepth,
    oldestUndeliveredAt: (h) => h.outbound.oldestUndeliveredAt,
    delivered: (h) => h.outbound.delivered,
    failed: (h) => h.outbound.failed,
    awaitingApply: (h) => h.inbound.awaitingApply,
    oldestAwaitingApplyAt: (h) => h.inbound.oldestAwaitingApplyAt,
    deadLetters: (h) => h.inbound.deadLetters,
    acceptedLast24h: (h) => h.intake.accepted,
    duplicatesLast24h: (h) => h.intake.duplicates,
    duplicateRate: (h) => h.intake.duplicateRate,
  },
  DeadLetter: {
    payload: async (l: DeadLetterRow, _, ctx) =>
      JSON.stringify(await payloadLoader(ctx).load(l.receipt), null, 2),
  },
  Mutation: {
    pauseDelivery: (_, a, ctx) => switchDelivery(ctx, a.partyId, true),
    resumeDelivery: (_, a, ctx) => switchDelivery(ctx, a.partyId, false),
  },
} satisfies Resolvers
