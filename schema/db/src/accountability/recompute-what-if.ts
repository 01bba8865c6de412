import { randomUUID } from 'node:crypto'
import { eq } from 'drizzle-orm'
import {
  computeSettlement,
  diffSettlements,
  type IncidentEvent,
  type Settlement,
  type SettlementDiff,
  type World,
  ServiceError,
} from '@baton/domain'
import type { Database } from '../create-db.ts'
import { recordIncidentEvent } from '../ledger/record-incident-event.ts'
import { loadWorld } from '../world/load-world.ts'
import { incidentSettlements } from '../tables/accountability.ts'

export type WhatIfOptions = {
  agreementVersions?: Record<string, number>
  requestedBy?: string
  now?: Date
}
export type WhatIfResult = {
  incidentId: string
  agreementVersions: Record<string, number>
  diff: SettlementDiff
  after: Pick<Settlement, 'clocks' | 'credits'>
}

/**
 * Recomputes a settled incident under other agreement versions (default: the newest of each)
 * and returns the difference. Audited: a ledger entry records who asked what and the answer.
 * The persisted settlement is never touched.
 */
export async function recomputeWhatIf(
  db: Database,
  incidentId: string,
  o: WhatIfOptions = {}
): Promise<WhatIfResult> {
  const [row] = await db
    .select()
    .from(incidentSettlements)
    .where(eq(incidentSettlements.incidentId, incidentId))
  if (!row) throw new ServiceError('NOT_FOUND', `incident ${incidentId} has no settlement`)
  const pinned = row.world as World
  const all = await loadWorld(db)
  const versions: Record<string, number> = {}
  const agreements = pinned.agreements.map((a) => {
    const wanted =
      o.agreementVersions?.[a.slug] ??
      Math.max(...all.agreements.filter((x) => x.slug === a.slug).map((x) => x.version), a.version)
    const found =
      wanted === a.version
        ? a
        : all.agreements.find((x) => x.slug === a.slug && x.version === wanted)
    if (!found)
      throw new ServiceError('BAD_USER_INPUT', `agreement ${a.slug} has no version ${wanted}`)
    versions[a.slug] = found.version
    return found
  })
  const after = computeSettlement({
    events: row.events as IncidentEvent[],
    world: { ...pinned, agreements },
    closedAt: row.closedAt.toISOString(),
  })
  const diff = diffSettlements(
    { clocks: row.clocks as Settlement['clocks'], credits: row.credits as Settlement['credits'] },
    after
  )
  const now = o.now ?? new Date()
  await recordIncidentEvent(db, {
    incidentId,
    seq: 0,
    idempotencyKey: `what-if:${incidentId}:${randomUUID()}`,
    at: now.toISOString(),
    type: 'accountability.what_if',
    actor: o.requestedBy ?? 'baton',
    data: { agreementVersions: versions, diff },
  })
  return {
    incidentId,
    agreementVersions: versions,
    diff,
    after: { clocks: after.clocks, credits: after.credits },
  }
}
