import { and, eq, gte, lt, sql } from 'drizzle-orm'
import {
  buildScorecard,
  monthsBetween,
  type IntegrationHealth,
  type Scorecard,
  ServiceError,
} from '@baton/domain'
import type { Database } from '../create-db.ts'
import { parties } from '../tables/config.ts'
import { inboundReceipts } from '../tables/incidents.ts'
import { loadWorld } from '../world/load-world.ts'
import { loadScoredIncidents } from './load-scored-incidents.ts'
import { monthlyCreditStatements } from './monthly-credit-statements.ts'

/** Inbound receipts of one party received in [from, to), by outcome. Duplicates are refused before a row exists. */
export async function integrationHealth(
  db: Database,
  partySlug: string,
  from: string,
  to: string
): Promise<IntegrationHealth> {
  const rows = await db
    .select({ status: inboundReceipts.status, n: sql<number>`count(*)::int` })
    .from(inboundReceipts)
    .innerJoin(parties, eq(parties.id, inboundReceipts.partyId))
    .where(
      and(
        eq(parties.slug, partySlug),
        gte(inboundReceipts.receivedAt, new Date(from)),
        lt(inboundReceipts.receivedAt, new Date(to))
      )
    )
    .groupBy(inboundReceipts.status)
  const n = (s: string) => rows.find((r) => r.status === s)?.n ?? 0
  return {
    received: rows.reduce((s, r) => s + r.n, 0),
    applied: n('APPLIED'),
    refused: n('REJECTED'),
    deadLettered: n('DEAD_LETTER'),
    pending: n('RECORDED') + n('SIGNALLED'),
    duplicates: null,
  }
}

/**
 * A party's scorecard for [from, to): incidents opened in the period that it touched, its
 * monthly credit statements for the months the period overlaps, its integration's intake.
 */
export async function computeScorecard(
  db: Database,
  partySlug: string,
  fromAt: string | Date,
  toAt: string | Date,
  o: { asOf?: Date } = {}
): Promise<Scorecard> {
  const from = new Date(fromAt).toISOString()
  const to = new Date(toAt).toISOString()
  if (!(Date.parse(to) > Date.parse(from)))
    throw new ServiceError(
      'BAD_USER_INPUT',
      `scorecard: 'to' (${to}) must be after 'from' (${from})`
    )
  const world = await loadWorld(db)
  if (!world.parties.some((p) => p.slug === partySlug))
    throw new ServiceError('NOT_FOUND', `party '${partySlug}' does not exist`)
  const asOf = o.asOf ?? new Date()
  const judged = new Date(Math.min(asOf.getTime(), Date.parse(to)))
  const [incidentList, credits, integration] = await Promise.all([
    loadScoredIncidents(db, world, { openedFrom: from, openedTo: to, asOf: judged }),
    monthlyCreditStatements(db, partySlug, monthsBetween(from, to), { asOf, world }),
    integrationHealth(db, partySlug, from, to),
  ])
  return buildScorecard({
    party: partySlug,
    from,
    to,
    world,
    incidents: incidentList,
    credits,
    integration,
  })
}
