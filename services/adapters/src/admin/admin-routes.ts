import { Hono } from 'hono'
import { z } from 'zod'
import type { ResolvedDeps } from '../app/adapters-deps.ts'
import { ServiceError } from '../app/service-error.ts'
import type { PartyDirectory } from '../parties/party-directory.ts'
import type { IntakeStats } from '../webhooks/intake-stats.ts'
import { discardDeadLetter, listDeadLetters, replayDeadLetter } from './dead-letters.ts'
import { integrationHealth, setEndpointState } from './integration-health.ts'
import { requireAdmin } from './require-admin.ts'

export const DeadLetterQuery = z.object({ party: z.string().max(63).optional(), limit: z.coerce.number().int().min(1).max(500).default(100) })

/** Admin: dead letters (list, replay, discard), pause/resume/enable delivery, integration health. */
export function adminRoutes({ deps, directory, stats }: { deps: ResolvedDeps; directory: PartyDirectory; stats: IntakeStats }) {
  const app = new Hono()
  app.use('/admin/*', requireAdmin(deps.adminToken))
  const partyOf = async (slug: string) => {
    const party = await directory.get(slug)
    if (!party) throw new ServiceError('NOT_FOUND', `no vendor integration '${slug}'`)
    return party
  }
  app.get('/admin/dead-letters', async (c) => {
    const q = DeadLetterQuery.safeParse(c.req.query())
    if (!q.success) throw new ServiceError('BAD_REQUEST', q.error.issues[0]?.message ?? 'bad query', q.error.issues[0]?.path.join('.'))
    return c.json({ deadLetters: await listDeadLetters(deps.db, q.data) })
  })
  app.post('/admin/dead-letters/:receipt/replay', async (c) => c.json(await replayDeadLetter({ db: deps.db, temporal: deps.temporal, signalTimeoutMs: deps.signalTimeoutMs }, c.req.param('receipt'))))
  app.post('/admin/dead-letters/:receipt/discard', async (c) => c.json(await discardDeadLetter(deps.db, c.req.param('receipt'))))
  app.get('/admin/parties/:slug/health', async (c) => {
    const party = await partyOf(c.req.param('slug'))
    return c.json({ ...(await integrationHealth(deps.db, party.id, party.slug)), intake: stats.of(party.slug) })
  })
  for (const [action, change] of [['pause', { paused: true }], ['resume', { paused: false }], ['enable', { enable: true }]] as const) {
    app.post(`/admin/parties/:slug/${action}`, async (c) => {
      const party = await partyOf(c.req.param('slug'))
      await setEndpointState(deps.db, party.id, change)
      return c.json(await integrationHealth(deps.db, party.id, party.slug))
    })
  }
  return app
}
