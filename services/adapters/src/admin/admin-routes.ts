import { Hono } from 'hono'
import { z } from 'zod'
import type { ResolvedDeps } from '../app/adapters-deps.ts'
import { ServiceError } from '../app/service-error.ts'
import type { PartyDirectory } from '../parties/party-directory.ts'
import type { IntakeStats } from '../webhooks/intake/intake-stats.ts'
import { DEAD_LETTER_STATUSES } from '@baton/db'
import {
  ADMIN_ROUTE_ACTOR,
  discardDeadLetter,
  listDeadLetters,
  replayDeadLetter,
} from './dead-letters.ts'
import { integrationHealth, setEndpointState } from './integration-health.ts'
import { requireAdmin } from './require-admin.ts'

export const DeadLetterQuery = z.object({
  party: z.string().max(63).optional(),
  status: z.enum(DEAD_LETTER_STATUSES).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
})
/** Why a dead letter is discarded: recorded with it, beside who discarded it. */
export const DiscardBody = z.object({ reason: z.string().trim().min(1).max(2000) })

/** Admin: dead letters (list, replay, discard), pause/resume/enable delivery, integration health. */
export function adminRoutes({
  deps,
  directory,
  stats,
}: {
  deps: ResolvedDeps
  directory: PartyDirectory
  stats: IntakeStats
}) {
  const app = new Hono()
  app.use('/admin/*', requireAdmin(deps.adminToken))
  const partyOf = async (slug: string) => {
    const party = await directory.get(slug)
    if (!party) throw new ServiceError('NOT_FOUND', `no vendor integration '${slug}'`)
    return party
  }
  app.get('/admin/dead-letters', async (c) => {
    const q = DeadLetterQuery.safeParse(c.req.query())
    if (!q.success)
      throw new ServiceError(
        'BAD_REQUEST',
        q.error.issues[0]?.message ?? 'bad query',
        q.error.issues[0]?.path.join('.')
      )
    const page = await listDeadLetters(deps.db, {
      party: q.data.party,
      statuses: q.data.status ? [q.data.status] : null,
      first: q.data.limit,
    })
    return c.json({ deadLetters: page.rows })
  })
  app.post('/admin/dead-letters/:receipt/replay', async (c) => {
    const { deadLetter, ...replay } = await replayDeadLetter(
      { db: deps.db, temporal: deps.temporal, signalTimeoutMs: deps.signalTimeoutMs },
      c.req.param('receipt')
    )
    return c.json({ receipt: deadLetter.receipt, ...replay, deadLetter })
  })
  app.post('/admin/dead-letters/:receipt/discard', async (c) => {
    const body = DiscardBody.safeParse(await c.req.json().catch(() => null))
    if (!body.success)
      throw new ServiceError(
        'BAD_REQUEST',
        'a JSON body { "reason": "…" } saying why is required',
        'reason'
      )
    return c.json(
      await discardDeadLetter(deps.db, c.req.param('receipt'), {
        actor: ADMIN_ROUTE_ACTOR,
        reason: body.data.reason,
      })
    )
  })
  app.get('/admin/parties/:slug/health', async (c) => {
    const party = await partyOf(c.req.param('slug'))
    return c.json({
      ...(await integrationHealth(deps.db, party.id, party.slug)),
      intake: stats.of(party.slug),
    })
  })
  for (const [action, change] of [
    ['pause', { paused: true }],
    ['resume', { paused: false }],
    ['enable', { enable: true }],
  ] as const) {
    app.post(`/admin/parties/:slug/${action}`, async (c) => {
      const party = await partyOf(c.req.param('slug'))
      await setEndpointState(deps.db, party.id, change)
      return c.json(await integrationHealth(deps.db, party.id, party.slug))
    })
  }
  return app
}
