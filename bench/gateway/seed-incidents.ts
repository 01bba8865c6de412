// Seeds the read bench's incidents fast, in SQL (INSERT ... SELECT generate_series, chunked for
// progress). Shape: holders across every demo party, P1..P4, two in three acknowledged, one in
// seven handed off to another vendor (accepted), one in ten resolved; ~N ledger entries each.
// Not real: ledger hash chains (md5 placeholders) and the persisted clock summaries (computed once
// per shape at a reference instant); live clocks are computed from the seeded events as usual.
import { computeIncidentView, type IncidentEvent, type World } from '@baton/domain'
import { loadPinnedWorld, type DbHandle } from '@baton/db'

export type SeedOptions = {
  incidents: number
  ledgerPerIncident: number
  chunk?: number
  log?: (line: string) => void
}
export type SeedCounts = {
  incidents: number
  ledger: number
  bonds: number
  handoffs: number
  seconds: number
}

const REFERENCE = Date.parse('2026-01-05T09:00:00Z')
const MIN = 60_000
const iso = (ms: number) => new Date(ms).toISOString()

/** The events of one incident shape; the SQL below builds the same ones per row. */
function shapeEvents(o: {
  at: number
  first: string
  next: string
  priority: string
  acked: boolean
  handed: boolean
  resolved: boolean
}): IncidentEvent[] {
  const ev: IncidentEvent[] = [
    {
      type: 'opened',
      at: iso(o.at),
      priority: o.priority as 'P1',
      holder: o.first,
      title: 'Bench incident',
    },
  ]
  if (o.acked) ev.push({ type: 'acknowledged', at: iso(o.at + 4 * MIN), party: o.first })
  if (o.handed)
    ev.push(
      {
        type: 'handoff_offered',
        at: iso(o.at + 10 * MIN),
        handoffId: 'bench',
        from: o.first,
        to: o.next,
        reason: 'routing',
      },
      { type: 'handoff_accepted', at: iso(o.at + 18 * MIN), handoffId: 'bench', party: o.next }
    )
  if (o.resolved)
    ev.push({
      type: 'resolved',
      at: iso(o.at + 120 * MIN),
      party: o.handed ? o.next : o.first,
      resolution: 'fixed',
    })
  return ev
}

export async function seedIncidents(db: DbHandle, o: SeedOptions): Promise<SeedCounts> {
  const sql = db.sql
  const log = o.log ?? ((line: string) => console.log(line))
  const t0 = performance.now()
  const parties = await sql<
    { slug: string; vendor: boolean }[]
  >`select slug, integration is not null as vendor from parties order by slug`
  const slugs = parties.map((p) => p.slug)
  const vendors = parties.filter((p) => p.vendor).map((p) => p.slug)
  // The vendor a holder hands off to: the next vendor after it in slug order.
  const nextOf = slugs.map((s) => vendors[(vendors.indexOf(s) + 1) % vendors.length] ?? vendors[0]!)
  const world = (await loadPinnedWorld(db.db, iso(REFERENCE))) as World
  // Persisted clock summary and accountability per shape (holder, priority, acked, handed, resolved).
  const templates: Record<string, unknown> = {}
  for (const [h, first] of slugs.entries())
    for (const priority of ['P1', 'P2', 'P3', 'P4'])
      for (const acked of [false, true])
        for (const handed of [false, true])
          for (const resolved of [false, true]) {
            const view = computeIncidentView(
              {
                events: shapeEvents({
                  at: REFERENCE,
                  first,
                  next: nextOf[h]!,
                  priority,
                  acked,
                  handed,
                  resolved,
                }),
                world,
              },
              new Date(REFERENCE + 180 * MIN)
            )
            templates[`${first}/${priority}/${acked}/${handed}/${resolved}`] = {
              clocks: view.clocks,
              accountability: view.accountability,
            }
          }
  const chunk = o.chunk ?? 10_000
  log(
    `seeding ${o.incidents} incidents with ${o.ledgerPerIncident} ledger entries each, ${chunk} per chunk (not real: ledger hash chains are placeholders, so not for verifyLedger; resolved rows' persisted clocks are per-shape templates)`
  )
  for (let lo = 1; lo <= o.incidents; lo += chunk) {
    const hi = Math.min(o.incidents, lo + chunk - 1)
    await sql.begin(async (tx) => {
      // A throwaway database: skip the per-row ledger NOTIFY and FK triggers while bulk loading.
      await tx`set local session_replication_role = replica`
      await tx`
        with shape as (
          select g, now() - make_interval(mins => g) as at, 'P' || (1 + (g / 4) % 4) as priority,
                 (${slugs}::text[])[1 + g % ${slugs.length}] as first, (${nextOf}::text[])[1 + g % ${slugs.length}] as next,
                 g % 3 <> 0 as acked, g % 7 = 3 as handed, g % 10 = 0 as resolved
          from generate_series(${lo}::int, ${hi}::int) g
        ), row as (
          select s.*, case when s.handed then s.next else s.first end as holder,
                 to_char(s.at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as at0,
                 to_char((s.at + interval '4 min') at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as at4,
                 to_char((s.at + interval '10 min') at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as at10,
                 to_char((s.at + interval '18 min') at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as at18,
                 to_char((s.at + interval '120 min') at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as at120
          from shape s
        )
        insert into incidents (key, client_key, title, priority, status, holder_party_id, opened_at, acknowledged_at, resolved_at, breached, next_deadline, last_seq, state)
        select 'BENCH-' || r.g, 'bench-' || r.g, 'Bench incident ' || r.g, r.priority,
               case when r.resolved then 'RESOLVED' when r.acked or r.handed then 'ACKNOWLEDGED' else 'OPEN' end,
               (select id from parties where slug = r.holder), r.at,
               case when r.acked then r.at + interval '4 min' end, case when r.resolved then r.at + interval '2 hours' end,
               case when not r.resolved and r.at < now() - interval '4 hours' then 1 else 0 end,
               case when not r.resolved and r.at >= now() - interval '4 hours' then r.at + interval '4 hours' end,
               ${o.ledgerPerIncident},
               (${JSON.stringify(templates)}::jsonb -> (r.first || '/' || r.priority || '/' || r.acked || '/' || r.handed || '/' || r.resolved)) || jsonb_build_object(
                 'events', jsonb_build_array(jsonb_build_object('type', 'opened', 'at', r.at0, 'priority', r.priority, 'holder', r.first, 'title', 'Bench incident'))
                   || case when r.acked then jsonb_build_array(jsonb_build_object('type', 'acknowledged', 'at', r.at4, 'party', r.first)) else '[]' end
                   || case when r.handed then jsonb_build_array(
                        jsonb_build_object('type', 'handoff_offered', 'at', r.at10, 'handoffId', 'bench-h-' || r.g, 'from', r.first, 'to', r.next, 'reason', 'routing'),
                        jsonb_build_object('type', 'handoff_accepted', 'at', r.at18, 'handoffId', 'bench-h-' || r.g, 'party', r.next)) else '[]' end
                   || case when r.resolved then jsonb_build_array(jsonb_build_object('type', 'resolved', 'at', r.at120, 'party', r.holder, 'resolution', 'fixed')) else '[]' end,
                 'segments', case when r.handed
                   then jsonb_build_array(jsonb_build_object('party', r.first, 'from', r.at0, 'to', r.at18, 'state', 'working'), jsonb_build_object('party', r.next, 'from', r.at18, 'state', 'working'))
                   else jsonb_build_array(jsonb_build_object('party', r.first, 'from', r.at0, 'state', 'working')) end,
                 'waiting', null)
        from row r`
      // Bonds: every vendor involved (the holders and the hand-off's parties; not the retained org).
      await tx`
        insert into bonds (incident_id, party_id, vendor_ref)
        select i.id, p.id, 'ref-' || i.key || '-' || p.slug
        from generate_series(${lo}::int, ${hi}::int) g
        join incidents i on i.key = 'BENCH-' || g
        cross join lateral (select (${slugs}::text[])[1 + g % ${slugs.length}] as first, (${nextOf}::text[])[1 + g % ${slugs.length}] as next) s
        join parties p on p.integration is not null and (p.slug = s.first or (g % 7 = 3 and p.slug = s.next))`
      await tx`
        insert into handoffs (id, incident_id, from_party_id, to_party_id, state, offered_at, responded_at, reason)
        select 'bench-h-' || g, i.id, f.id, t.id, 'ACCEPTED', i.opened_at + interval '10 min', i.opened_at + interval '18 min', 'routing'
        from generate_series(${lo}::int, ${hi}::int) g
        join incidents i on i.key = 'BENCH-' || g
        join parties f on f.slug = (${slugs}::text[])[1 + g % ${slugs.length}]
        join parties t on t.slug = (${nextOf}::text[])[1 + g % ${slugs.length}]
        where g % 7 = 3`
      await tx`
        insert into ledger_entries (incident_id, seq, at, type, actor, data, idempotency_key, prev_hash, hash)
        select i.id, s, i.opened_at + make_interval(mins => s),
               case when s = 1 then 'opened' when s = 2 then 'acknowledged' when s % 3 = 0 then 'message_out' else 'comment' end, 'bench',
               jsonb_build_object('n', s, 'body', 'bench ledger entry ' || s || ' of ' || i.key), 'bench/' || i.key || '/' || s, md5(i.key || (s - 1)), md5(i.key || s)
        from generate_series(${lo}::int, ${hi}::int) g
        join incidents i on i.key = 'BENCH-' || g
        cross join generate_series(1, ${o.ledgerPerIncident}::int) s`
    })
    const done = hi
    const secs = (performance.now() - t0) / 1000
    log(
      `  ${String(done).padStart(String(o.incidents).length)} / ${o.incidents} incidents (${done * o.ledgerPerIncident} ledger entries)  ${secs.toFixed(1)} s`
    )
  }
  await sql`analyze`
  const [c] = await sql<{ incidents: number; ledger: number; bonds: number; handoffs: number }[]>`
    select (select count(*)::int from incidents) as incidents, (select count(*)::int from ledger_entries) as ledger,
           (select count(*)::int from bonds) as bonds, (select count(*)::int from handoffs) as handoffs`
  return { ...c!, seconds: (performance.now() - t0) / 1000 }
}
