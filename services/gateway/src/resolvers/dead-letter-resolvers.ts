import DataLoader from 'dataloader'
import { WorkflowNotFoundError } from '@temporalio/client'
import {
  bondParty,
  deadLettersByBondIds,
  discardDeadLetter,
  findDeadLetter,
  listDeadLetters,
  replayDeadLetter,
  type DeadLetterReplay,
  type DeadLetterRow,
  type DeadLetterStatus,
  type SendReplaySignal,
} from '@baton/db'
import { incidentWorkflowId, vendorEventSignal } from '@baton/temporal'
import type { GatewayContext } from '../context.ts'
import type { Resolvers } from '../generated/resolvers-types.ts'
import { requireOperator } from '../auth/authorize.ts'
import { actorLabel } from '../commands/acting-party.ts'
import {
  deadLetterCursor,
  pageSize,
  parseDeadLetterCursor,
  DEFAULT_PAGE_SIZE,
  MAX_PAGE_SIZE,
} from '../graphql/cursors.ts'
import { notFound } from '../graphql/errors.ts'
import { isUuid } from '../loaders/create-loaders.ts'
import { partyById, requiredPartyById } from './world-resolvers.ts'
import { visibleText } from '../visibility/viewer-redaction.ts'

type Ctx = GatewayContext
type ListArgs = {
  partyId?: string | null
  bondId?: string | null
  status?: DeadLetterStatus[] | null
  first?: number | null
  after?: string | null
}
const SIGNAL_TIMEOUT_MS = 5000

/**
 * The party and bond a list is about. A VENDOR token is pinned to its own party; naming another
 * party, or a bond it cannot see (Postgres RLS hides the others), is NOT_FOUND.
 */
async function listScope(
  ctx: Ctx,
  a: ListArgs
): Promise<{ partyId: string | null; bondId: string | null }> {
  const own = ctx.viewer.role === 'VENDOR' ? ctx.viewer.partyId : null
  if (
    a.partyId != null &&
    (!(await partyById(ctx, a.partyId)) || (own !== null && a.partyId !== own))
  )
    throw notFound('party', a.partyId)
  if (a.bondId != null) {
    const bond = isUuid(a.bondId) ? await bondParty(ctx.deps.db.db, a.bondId) : null
    if (!bond || (own !== null && bond.partyId !== own)) throw notFound('bond', a.bondId)
  }
  return { partyId: own ?? a.partyId ?? null, bondId: a.bondId ?? null }
}

/** The signal of a replay, sent with the gateway's Temporal client the way the adapters' intake sends it. */
const sendReplaySignal =
  (ctx: Ctx): SendReplaySignal =>
  async (s) => {
    try {
      const handle = ctx.deps.temporal.workflow.getHandle(incidentWorkflowId(s.incidentKey))
      await ctx.deps.temporal.withDeadline(Date.now() + SIGNAL_TIMEOUT_MS, () =>
        handle.signal(vendorEventSignal, {
          messageId: s.messageId,
          receipt: s.receipt,
          event: s.event,
        })
      )
      return 'signalled'
    } catch (error) {
      return error instanceof WorkflowNotFoundError ? 'dead-letter' : 'deferred'
    }
  }

// One batched query per request and status filter for every Bond.deadLetters of a page.
const bondLoaders = new WeakMap<Ctx, Map<string, DataLoader<string, DeadLetterRow[]>>>()
function bondDeadLetters(
  ctx: Ctx,
  statuses: DeadLetterStatus[] | null | undefined
): DataLoader<string, DeadLetterRow[]> {
  const key = [...(statuses ?? [])].sort().join(',')
  let byStatus = bondLoaders.get(ctx)
  if (!byStatus) bondLoaders.set(ctx, (byStatus = new Map()))
  let loader = byStatus.get(key)
  if (!loader) {
    loader = new DataLoader(async (ids: readonly string[]) => {
      const rows = await deadLettersByBondIds(ctx.deps.db.db, ids, statuses)
      return ids.map((id) => rows.filter((r) => r.bondId === id))
    })
    byStatus.set(key, loader)
  }
  return loader
}

export const deadLetterResolvers = {
  Query: {
    deadLetters: async (_, a, ctx) => {
      const scope = await listScope(ctx, a)
      const first = pageSize(a.first, DEFAULT_PAGE_SIZE, ctx.deps.limits?.maxPage ?? MAX_PAGE_SIZE)
      const page = await listDeadLetters(ctx.deps.db.db, {
        ...scope,
        statuses: a.status,
        first,
        afterSeq: parseDeadLetterCursor(a.after),
      })
      const edges = page.rows.map((node) => ({ cursor: deadLetterCursor(node.seq), node }))
      return {
        edges,
        nodes: page.rows,
        pageInfo: { hasNextPage: page.hasNextPage, endCursor: edges.at(-1)?.cursor ?? null },
      }
    },
    deadLetter: async (_, a, ctx) => {
      const letter = await findDeadLetter(ctx.deps.db.db, a.id)
      return letter && (ctx.viewer.role !== 'VENDOR' || letter.partyId === ctx.viewer.partyId)
        ? letter
        : null
    },
  },
  Mutation: {
    replayDeadLetter: async (_, a, ctx): Promise<DeadLetterReplay> => {
      requireOperator(ctx.viewer, 'replayDeadLetter')
      const actor = await actorLabel(ctx)
      return replayDeadLetter(ctx.deps.db.db, a.id, { actor, signal: sendReplaySignal(ctx) })
    },
    discardDeadLetter: async (_, a, ctx): Promise<DeadLetterRow> => {
      requireOperator(ctx.viewer, 'discardDeadLetter')
      const actor = await actorLabel(ctx)
      return discardDeadLetter(ctx.deps.db.db, a.id, { actor, reason: a.reason })
    },
  },
  DeadLetter: {
    id: (l) => l.receipt,
    party: (l, _, ctx) => requiredPartyById(ctx, l.partyId),
    incident: (l, _, ctx) => (l.incidentId ? ctx.loaders.incident.load(l.incidentId) : null),
    error: (l, _, ctx) => visibleText(ctx, l.error),
    bond: async (l, _, ctx) =>
      l.incidentId && l.bondId
        ? ((await ctx.loaders.bondsByIncident.load(l.incidentId)).find((b) => b.id === l.bondId) ??
          null)
        : null,
  },
  Bond: {
    deadLetters: (b, a, ctx) => bondDeadLetters(ctx, a.status).load(b.id),
  },
} satisfies Resolvers
