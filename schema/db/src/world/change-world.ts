import { createHash } from 'node:crypto'
import { desc } from 'drizzle-orm'
import { coverageWarnings, World, type CoverageWarning } from '@baton/domain'
import type { Database } from '../create-db.ts'
import { canonicalJson } from '../canonical-hash.ts'
import { loadWorld } from './load-world.ts'
import { persistWorldChange } from './persist-world-change.ts'
import { lockWorld } from './upsert-world-entities.ts'
import { worldChanges, type WorldChangeRow } from './world-changes-table.ts'
import { WorldEditError } from './world-edit-error.ts'

export type WorldChangeRequest = {
  actor: { name: string; tokenId: string | null }
  /** the operation, e.g. 'upsertDesk' */
  mutation: string
  /** what it changed, e.g. 'desk vistula/p1-on-call' */
  subject: string
  /** the change as a pure function of the current world (throws WorldEditError for bad input) */
  edit: (world: World) => World
  /** compare escalation coverage before and after (default true; agreements and services cannot change it) */
  coverage?: boolean
}
export type WorldChangeResult = {
  before: World
  after: World
  warnings: CoverageWarning[]
  change: WorldChangeRow
}

export const worldHash = (w: World) => createHash('sha256').update(canonicalJson(w)).digest('hex')

/**
 * One admin change to the world, serialised with every other: load the applied world, apply the
 * edit to it, validate the result with the domain's World schema, persist the difference through
 * the same upserts as `baton apply`, and append an audit record, all in one transaction. The
 * warnings are the escalation holes the change opened.
 */
export async function changeWorld(db: Database, r: WorldChangeRequest): Promise<WorldChangeResult> {
  return db.transaction(async (transaction) => {
    const tx = transaction as unknown as Database
    await lockWorld(tx)
    const before = await loadWorld(tx)
    const parsed = World.safeParse(r.edit(before))
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!
      const field = issue.path.join('.')
      throw new WorldEditError('BAD_USER_INPUT', `${field || 'world'}: ${issue.message}`, field)
    }
    await persistWorldChange(tx, before, parsed.data)
    const after = await loadWorld(tx)
    const warnings = r.coverage === false ? [] : coverageWarnings(before, after)
    const [change] = await tx
      .insert(worldChanges)
      .values({
        actor: r.actor.name,
        actorTokenId: r.actor.tokenId,
        mutation: r.mutation,
        subject: r.subject,
        beforeHash: worldHash(before),
        afterHash: worldHash(after),
        warnings: warnings.map((w) => w.message),
      })
      .returning()
    return { before, after, warnings, change: change! }
  })
}

/** The newest admin changes first. */
export const listWorldChanges = (db: Database, limit: number): Promise<WorldChangeRow[]> =>
  db.select().from(worldChanges).orderBy(desc(worldChanges.at), desc(worldChanges.id)).limit(limit)
