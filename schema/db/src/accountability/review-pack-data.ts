import { and, asc, desc, eq, gte, lt, notInArray } from 'drizzle-orm'
import {
  monthOf,
  monthRange,
  monthsBetween,
  nextMonth,
  partyTouched,
  computeIncidentView,
  type MonthlyPackInput,
  type QuarterlyPackInput,
  type ReviewPack,
  type ScorecardIncident,
  type TimeHeld,
  type TrendPoint,
  type WeeklyPackInput,
  type World,
} from '@baton/domain'
import type { Database } from '../create-db.ts'
import { incidents } from '../tables/incidents.ts'
import { reviewPacks } from '../tables/accountability.ts'
import { notifications } from '../tables/notifications.ts'
import { loadWorld } from '../world/load-world.ts'
import { computeScorecard } from './compute-scorecard.ts'
import { loadScoredIncidents } from './load-scored-incidents.ts'

const vendorsOf = (world: World) =>
  world.parties
    .filter((p) => p.kind !== 'RETAINED')
    .map((p) => p.slug)
    .sort()

/** Wall-clock time each party held the baton across these incidents (judged at their last event or `asOf`). */
export function timeHeldPerParty(list: readonly ScorecardIncident[], asOf: Date): TimeHeld[] {
  const held = new Map<string, number>()
  for (const i of list) {
    const end = i.settled ? new Date(i.events.at(-1)!.at) : asOf
    for (const s of computeIncidentView({ events: i.events, world: i.world }, end).custody
      .segments) {
      const ms = Math.max(0, (s.to ? Date.parse(s.to) : end.getTime()) - Date.parse(s.from))
      held.set(s.party, (held.get(s.party) ?? 0) + ms)
    }
  }
  return [...held].sort(([a], [b]) => a.localeCompare(b)).map(([party, ms]) => ({ party, ms }))
}

/** Attainment and credits of a party, month by month, for the `count` months ending with `lastMonth`. */
export async function attainmentTrend(
  db: Database,
  party: string,
  lastMonth: string,
  count: number,
  asOf: Date
): Promise<TrendPoint[]> {
  let m = lastMonth
  for (let i = 1; i < count; i++)
    m = monthOf(new Date(Date.parse(monthRange(m).from) - 1).toISOString())
  const points: TrendPoint[] = []
  for (; m <= lastMonth; m = nextMonth(m)) {
    const r = monthRange(m)
    const s = await computeScorecard(db, party, r.from, r.to, { asOf })
    points.push({
      month: m,
      attainment: {
        UC: s.attainment.UC.percent,
        OLA: s.attainment.OLA.percent,
        SLA: s.attainment.SLA.percent,
      },
      credits: s.credits.total,
    })
  }
  return points
}

export async function gatherMonthlyPack(
  db: Database,
  party: string,
  month: string,
  asOf: Date
): Promise<MonthlyPackInput> {
  const r = monthRange(month)
  const world = await loadWorld(db)
  const scorecard = await computeScorecard(db, party, r.from, r.to, { asOf })
  const touched = (
    await loadScoredIncidents(db, world, { openedFrom: r.from, openedTo: r.to, asOf })
  ).filter((i) =>
    partyTouched(
      party,
      computeIncidentView({ events: i.events, world: i.world }, asOf),
      i.clocks,
      false
    )
  )
  return {
    scorecard,
    trend: await attainmentTrend(db, party, month, 3, asOf),
    timeHeld: timeHeldPerParty(touched, asOf),
    generatedAt: asOf.toISOString(),
  }
}

export async function gatherQuarterlyPack(
  db: Database,
  q: { label: string; from: string; to: string },
  asOf: Date
): Promise<QuarterlyPackInput> {
  const world = await loadWorld(db)
  const parties = vendorsOf(world)
  const scorecards = await Promise.all(
    parties.map((p) => computeScorecard(db, p, q.from, q.to, { asOf }))
  )
  const months = monthsBetween(q.from, q.to)
  const trends = await Promise.all(
    parties.map(async (p) => ({
      party: p,
      points: await attainmentTrend(db, p, months.at(-1)!, months.length, asOf),
    }))
  )
  return { ...q, generatedAt: asOf.toISOString(), scorecards, trends }
}

export async function gatherWeeklyPack(
  db: Database,
  w: { from: string; to: string },
  asOf: Date
): Promise<WeeklyPackInput> {
  const world = await loadWorld(db)
  const openRows = await db
    .select({
      key: incidents.key,
      title: incidents.title,
      priority: incidents.priority,
      status: incidents.status,
      holder: incidents.holderPartyId,
      openedAt: incidents.openedAt,
    })
    .from(incidents)
    .where(
      and(
        notInArray(incidents.status, ['RESOLVED', 'CLOSED']),
        lt(incidents.openedAt, new Date(w.to))
      )
    )
    .orderBy(asc(incidents.openedAt))
  const ids = new Map(world.parties.map((p) => [p.slug, p.slug]))
  const recent = await loadScoredIncidents(db, world, {
    asOf,
    openedTo: w.to,
    openedFrom: new Date(Date.parse(w.from) - 90 * 86_400_000).toISOString(),
  })
  const inWeek = (iso: string | null | undefined) =>
    !!iso && Date.parse(iso) >= Date.parse(w.from) && Date.parse(iso) < Date.parse(w.to)
  const breaches = recent.flatMap((i) =>
    i.clocks
      .filter((c) => c.state === 'BREACHED' && inWeek(c.breachedAt))
      .map((c) => ({
        incidentKey: i.key,
        clockId: c.id,
        agreement: `${c.agreement.slug}@${c.agreement.version}`,
        metric: c.metric,
        party: c.party,
        attributedTo: c.attributedTo,
        breachedAt: c.breachedAt!,
      }))
  )
  const handoffDelays = recent
    .flatMap((i) => {
      const v = computeIncidentView({ events: i.events, world: i.world }, asOf)
      return v.custody.handoffs
        .filter((h) => inWeek(h.offeredAt))
        .map((h) => {
          const ola = i.clocks.find((c) => c.handoffId === h.id && c.metric === 'HANDOFF_ACCEPT')
          const answered = h.respondedAt ?? null
          return {
            incidentKey: i.key,
            handoffId: h.id,
            from: h.from,
            to: h.to,
            offeredAt: h.offeredAt,
            respondedAt: answered,
            state: h.state,
            delayMs: (answered ? Date.parse(answered) : asOf.getTime()) - Date.parse(h.offeredAt),
            overdue: ola?.state === 'BREACHED' || !!h.expiredAt,
          }
        })
    })
    .filter((h) => h.overdue || h.state !== 'ACCEPTED')
    .sort((a, b) => a.offeredAt.localeCompare(b.offeredAt))
  const holderSlugs = new Map<string, string>()
  for (const i of recent)
    holderSlugs.set(
      i.key,
      computeIncidentView({ events: i.events, world: i.world }, asOf).custody.holder
    )
  return {
    ...w,
    generatedAt: asOf.toISOString(),
    openIncidents: openRows.map((r) => ({
      key: r.key,
      title: r.title,
      priority: r.priority,
      status: r.status,
      holder: holderSlugs.get(r.key) ?? ids.get(r.holder) ?? r.holder,
      openedAt: r.openedAt.toISOString(),
    })),
    breaches,
    handoffDelays,
    timeHeld: timeHeldPerParty(
      recent.filter((i) => i.events.some((e) => inWeek(e.at))),
      asOf
    ),
  }
}

/** Stores a rendered pack once per kind, party and period; a rerun returns the stored one. */
export async function storeReviewPack(
  db: Database,
  pack: ReviewPack
): Promise<{ id: string; created: boolean }> {
  const key = `${pack.kind}/${pack.party ?? '*'}/${pack.periodLabel}`
  const inserted = await db
    .insert(reviewPacks)
    .values({
      key,
      kind: pack.kind,
      party: pack.party,
      periodLabel: pack.periodLabel,
      periodFrom: new Date(pack.from),
      periodTo: new Date(pack.to),
      title: pack.title,
      markdown: pack.markdown,
      csv: pack.csv,
      charts: pack.charts,
    })
    .onConflictDoNothing({ target: reviewPacks.key })
    .returning({ id: reviewPacks.id })
  if (inserted[0]) return { id: inserted[0].id, created: true }
  const [existing] = await db
    .select({ id: reviewPacks.id })
    .from(reviewPacks)
    .where(eq(reviewPacks.key, key))
  return { id: existing!.id, created: false }
}

export type ReviewPackRow = typeof reviewPacks.$inferSelect
export async function listReviewPacks(
  db: Database,
  o: { kind?: string; party?: string; from?: string; first?: number } = {}
): Promise<ReviewPackRow[]> {
  return db
    .select()
    .from(reviewPacks)
    .where(
      and(
        o.kind ? eq(reviewPacks.kind, o.kind) : undefined,
        o.party ? eq(reviewPacks.party, o.party) : undefined,
        o.from ? gte(reviewPacks.periodFrom, new Date(o.from)) : undefined
      )
    )
    .orderBy(desc(reviewPacks.periodFrom), asc(reviewPacks.key))
    .limit(o.first ?? 50)
}

export const reviewPackParties = async (db: Database): Promise<string[]> =>
  vendorsOf(await loadWorld(db))

/** A review pack's messages to its recipients with their delivery states, oldest first. */
export const listReviewPackNotifications = (db: Database, packId: string) =>
  db
    .select()
    .from(notifications)
    .where(eq(notifications.reviewPackId, packId))
    .orderBy(asc(notifications.createdAt), asc(notifications.recipient))
