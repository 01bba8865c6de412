import type { HandoffRow, IncidentRow, LedgerEntryRow } from '@baton/db'
import { ledgerEntryBySeq } from '@baton/db'
import type { IncidentCommand } from '@baton/temporal'
import type { GatewayContext } from '../context.ts'
import { requireOperator, requireWriter } from '../auth/authorize.ts'
import { badInput, forbidden, gqlError, notFound } from '../graphql/errors.ts'
import {
  actingParty,
  actorLabel,
  holderSlug,
  incidentForWrite,
  incidentInScope,
  partySlugById,
  retainedSlug,
} from './acting-party.ts'
import { runCommand } from './run-command.ts'

const nowIso = (ctx: GatewayContext) => ctx.now().toISOString()
// Distributive Omit keeps the command union discriminated.
type CommandBody = IncidentCommand extends infer C
  ? C extends unknown
    ? Omit<C, 'at' | 'actor'>
    : never
  : never

async function send(ctx: GatewayContext, incident: IncidentRow, body: CommandBody) {
  const command = { ...body, at: nowIso(ctx), actor: await actorLabel(ctx) } as IncidentCommand
  return runCommand(ctx, incident, command)
}

async function reload(ctx: GatewayContext, id: string): Promise<IncidentRow> {
  return incidentInScope(ctx, id)
}

export async function acknowledgeIncident(ctx: GatewayContext, incidentId: string) {
  const incident = await incidentForWrite(ctx, incidentId)
  const party = await actingParty(ctx, () => holderSlug(ctx, incident))
  await send(ctx, incident, { type: 'acknowledged', party })
  return reload(ctx, incidentId)
}

export async function setWaiting(
  ctx: GatewayContext,
  input: { incidentId: string; onPartyId: string; reason: string }
) {
  const incident = await incidentForWrite(ctx, input.incidentId)
  const on = await partySlugById(ctx, input.onPartyId, 'onPartyId')
  const party = await actingParty(ctx, () => holderSlug(ctx, incident))
  await send(ctx, incident, { type: 'waiting', party, on, reason: input.reason })
  return reload(ctx, input.incidentId)
}

export async function resumeWork(ctx: GatewayContext, incidentId: string) {
  const incident = await incidentForWrite(ctx, incidentId)
  const party = await actingParty(ctx, () => holderSlug(ctx, incident))
  await send(ctx, incident, { type: 'resumed', party })
  return reload(ctx, incidentId)
}

export async function resolveIncident(
  ctx: GatewayContext,
  input: { incidentId: string; resolution: string; force?: boolean | null }
) {
  const incident = await incidentForWrite(ctx, input.incidentId)
  if (input.force && ctx.viewer.role === 'VENDOR')
    throw forbidden('force is for ADMIN and INTEGRATOR tokens')
  // A forced resolution is the retained organisation overriding the holder; otherwise the holder resolves.
  const party = await actingParty(ctx, () =>
    input.force ? retainedSlug(ctx) : holderSlug(ctx, incident)
  )
  await send(ctx, incident, {
    type: 'resolved',
    party,
    resolution: input.resolution,
    ...(input.force ? { force: true } : {}),
  })
  return reload(ctx, input.incidentId)
}

export async function reopenIncident(ctx: GatewayContext, incidentId: string, reason: string) {
  requireOperator(ctx.viewer, 'reopenIncident')
  const incident = await incidentForWrite(ctx, incidentId)
  await send(ctx, incident, { type: 'reopened', party: await retainedSlug(ctx), reason })
  return reload(ctx, incidentId)
}

export async function closeIncident(ctx: GatewayContext, incidentId: string) {
  requireOperator(ctx.viewer, 'closeIncident')
  const incident = await incidentForWrite(ctx, incidentId)
  await send(ctx, incident, { type: 'closed', party: await retainedSlug(ctx) })
  return reload(ctx, incidentId)
}

export async function addComment(
  ctx: GatewayContext,
  incidentId: string,
  body: string
): Promise<LedgerEntryRow> {
  const incident = await incidentForWrite(ctx, incidentId)
  if (!body.trim()) throw badInput('body: a comment cannot be empty', 'body')
  const party = await actingParty(ctx, () => retainedSlug(ctx))
  const result = await send(ctx, incident, { type: 'comment', party, body })
  const entry = await ledgerEntryBySeq(ctx.deps.db.db, incident.id, result.seq)
  if (!entry)
    throw gqlError('INTERNAL', `ledger entry ${result.seq} missing after the comment was applied`)
  return entry
}

async function handoffInScope(
  ctx: GatewayContext,
  handoffId: string
): Promise<{ handoff: HandoffRow; incident: IncidentRow }> {
  requireWriter(ctx.viewer)
  const handoff = await ctx.loaders.handoff.load(handoffId)
  const incident = handoff ? await ctx.loaders.incident.load(handoff.incidentId) : null
  if (!handoff || !incident) throw notFound('hand-off', handoffId)
  return { handoff, incident }
}

async function reloadHandoff(ctx: GatewayContext, handoffId: string): Promise<HandoffRow> {
  ctx.loaders.handoff.clear(handoffId)
  const row = await ctx.loaders.handoff.load(handoffId)
  if (!row) throw gqlError('INTERNAL', `hand-off ${handoffId} missing after it was applied`)
  return row
}

export async function offerHandoff(
  ctx: GatewayContext,
  input: {
    incidentId: string
    toPartyId: string
    reason: string
    context?: string | null
    reasonCode?: string | null
  }
) {
  const incident = await incidentForWrite(ctx, input.incidentId)
  const to = await partySlugById(ctx, input.toPartyId, 'toPartyId')
  const from = await actingParty(ctx, () => holderSlug(ctx, incident))
  // An empty id asks the workflow to name the hand-off (`<key>-H<n>`), deterministic in its history.
  const result = await send(ctx, incident, {
    type: 'handoff_offered',
    handoffId: '',
    from,
    to,
    reason: input.reason,
    ...(input.context ? { context: input.context } : {}),
    ...(input.reasonCode ? { reasonCode: input.reasonCode } : {}),
  })
  if (!result.handoffId) throw gqlError('INTERNAL', 'the workflow did not name the hand-off')
  return reloadHandoff(ctx, result.handoffId)
}

export async function respondToHandoff(
  ctx: GatewayContext,
  input: { handoffId: string; accept: boolean; reason?: string | null }
) {
  const { handoff, incident } = await handoffInScope(ctx, input.handoffId)
  const party = await actingParty(ctx, () => partySlugById(ctx, handoff.toPartyId, 'handoff.to'))
  if (input.accept) {
    await send(ctx, incident, { type: 'handoff_accepted', handoffId: handoff.id, party })
  } else {
    if (!input.reason?.trim()) throw badInput('reason: a rejection needs a reason', 'reason')
    await send(ctx, incident, {
      type: 'handoff_rejected',
      handoffId: handoff.id,
      party,
      reason: input.reason,
    })
  }
  return reloadHandoff(ctx, handoff.id)
}

export async function withdrawHandoff(ctx: GatewayContext, handoffId: string) {
  const { handoff, incident } = await handoffInScope(ctx, handoffId)
  const party = await actingParty(ctx, () =>
    partySlugById(ctx, handoff.fromPartyId, 'handoff.from')
  )
  await send(ctx, incident, { type: 'handoff_withdrawn', handoffId: handoff.id, party })
  return reloadHandoff(ctx, handoff.id)
}
