import { sql } from 'drizzle-orm'
import { Hono } from 'hono'
import type { ResolvedDeps } from './adapters-deps.ts'

const within = <T>(ms: number, p: Promise<T>) =>
  Promise.race([
    p,
    new Promise<never>((_, reject) =>
      setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms).unref()
    ),
  ])

/** /healthz: the process runs. /readyz: Postgres and Temporal both answer. */
export function healthRoutes(deps: ResolvedDeps) {
  const app = new Hono()
  app.get('/healthz', (c) => c.json({ ok: true }))
  app.get('/readyz', async (c) => {
    const [pg, temporal] = await Promise.allSettled([
      within(2000, deps.db.execute(sql`select 1`)),
      within(2000, deps.temporal.workflowService.getSystemInfo({})),
    ])
    const checks = {
      postgres: pg.status === 'fulfilled' ? 'ok' : 'unavailable',
      temporal: temporal.status === 'fulfilled' ? 'ok' : 'unavailable',
    }
    const ok = pg.status === 'fulfilled' && temporal.status === 'fulfilled'
    return c.json({ ok, checks }, ok ? 200 : 503)
  })
  return app
}
