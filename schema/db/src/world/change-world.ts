import { createHash } from 'node:crypto'
import { desc, sql } from 'drizzle-orm'
import {
  coverageWarnings,
  formatWorldProblem,
  validateWorld,
  World,
  type CoverageWarning,
  type WorldProblem,
} from '@baton/domain'
import { ServiceError } from '@baton/domain'
import type { Database } from '../create-db.ts'
import { canonicalJson } from '../ledger/canonical-hash.ts'
import { setEndpointState } from '../integration/integration-health.ts'
import { loadWorld } from './load-world.ts'
import { persistWorldChange } from './persist-world-change.ts'
import { lockWorld } from './upsert-world-entities.ts'
import { worldChanges, type WorldChangeRow } from './world-changes-table.ts'

export type WorldChangeRequest = {
  actor: { name: string; tokenId: string | null }
  /** the operation, e.g. 'upsertDesk' */
  mutation: string
  /** what it changed, e.g. 'desk vistula/p1-on-call' */
  subject: string
  /** the change as a pure function of the current world (throws a ServiceError for bad input) */
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
    const { before, after, warnings } = await applyWorldEdit(tx, r)
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

export type WorldChangePreview = Omit<WorldChangeResult, 'change'>

/** Thrown inside the preview's transaction to roll it back, carrying what the change would do. */
class PreviewRollback extends Error {
  constructor(readonly preview: WorldChangePreview) {
    super('world change preview (rolled back)')
  }
}

/**
 * What `changeWorld` would do with the same request, without doing it: the very same load, edit,
 * validation, persistence (with its refusals, e.g. a desk an incident used) and coverage warnings,
 * inside a transaction that is always rolled back. No audit record is written.
 */
export async function previewWorldChange(
  db: Database,
  r: Omit<WorldChangeRequest, 'actor' | 'mutation' | 'subject'>
): Promise<WorldChangePreview> {
  try {
    await db.transaction(async (transaction) => {
      throw new PreviewRollback(await applyWorldEdit(transaction as unknown as Database, r))
    })
  } catch (error) {
    if (error instanceof PreviewRollback) return error.preview
    throw error
  }
  throw new Error('unreachable: the preview transaction always rolls back')
}

/** Lock, load, edit, validate and persist the world in `tx`; the warnings compare before and after. */
async function applyWorldEdit(
  tx: Database,
  r: Pick<WorldChangeRequest, 'edit' | 'coverage'>
): Promise<WorldChangePreview> {
  await lockWorld(tx)
  const before = await loadWorld(tx)
  const edited = r.edit(before)
  const problems = newWorldProblems(before, edited)
  if (problems.length > 0)
    throw new ServiceError(
      'BAD_USER_INPUT',
      `the change would leave the world invalid (${problems.length} problem${problems.length === 1 ? '' : 's'}; nothing was changed): ${problems.map(formatWorldProblem).join('; ')}`,
      { field: problems[0]!.path, problems }
    )
  await persistWorldChange(tx, before, World.parse(edited))
  const after = await loadWorld(tx)
  const warnings = r.coverage === false ? [] : coverageWarnings(before, after)
  return { before, after, warnings }
}

/**
 * What the domain's validateWorld finds wrong with the edited world that it did not find with the
 * world before: an admin change may not break the world, and a world applied before validation
 * existed stays editable (each change may mend one of its problems at a time).
 */
function newWorldProblems(before: World, after: World): WorldProblem[] {
  const checked = validateWorld(after)
  if (checked.ok) return []
  const old = new Set(validateWorld(before).problems.map(formatWorldProblem))
  return checked.problems.filter((p) => !old.has(formatWorldProblem(p)))
}

/** The newest admin changes first. */
export const listWorldChanges = (db: Database, limit: number): Promise<WorldChangeRow[]> =>
  db.select().from(worldChanges).orderBy(desc(worldChanges.at), desc(worldChanges.id)).limit(limit)

/**
 * Pauses or resumes a vendor's outbound delivery and, when that changes it, appends an audit
 * record (mutation `pauseDelivery` or `resumeDelivery`) naming who did it, in one transaction
 * serialised with the world's changes. The switch is not part of the world document, so the
 * record's two hashes are equal; a repeat that changes nothing is not recorded.
 */
export async function setDeliveryPaused(
  db: Database,
  r: { actor: WorldChangeRequest['actor']; partyId: string; partySlug: string; paused: boolean }
): Promise<WorldChangeRow | null> {
  return db.transaction(async (transaction) => {
    const tx = transaction as unknown as Database
    await lockWorld(tx)
    const [row] = await tx.execute<{ paused: boolean }>(
      sql`select delivery_paused as paused from adapter_endpoints where party_id = ${r.partyId}`
    )
    await setEndpointState(tx, r.partyId, { paused: r.paused })
    if ((row?.paused ?? false) === r.paused) return null
    const hash = worldHash(await loadWorld(tx))
    const [change] = await tx
      .insert(worldChanges)
      .values({
        actor: r.actor.name,
        actorTokenId: r.actor.tokenId,
        mutation: r.paused ? 'pauseDelivery' : 'resumeDelivery',
        subject: `delivery to ${r.partySlug}`,
        beforeHash: hash,
        afterHash: hash,
      })
      .returning()
    return change!
  })
}
