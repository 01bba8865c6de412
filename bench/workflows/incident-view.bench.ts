// CPU per applied event of the incident view the workflow task derives (issue #23), and the
// what-if's time, each beside its same-run baseline: the full recompute from every event.
//
// Per applied event the incident workflow checks the event against the reducer, takes the view
// with it (the probe: custody, accountability, every clock as of now), asks evaluateDue what is
// due, and writes the projection row. This replays that sequence on the pure functions the
// workflow calls, for the demo outage and for long synthetic timelines (vendor comments after an
// acknowledgement; a hand-off ping-pong, where every event changes custody), once with the view
// recomputed from all events (before) and once advanced event by event (after).
// Pure CPU, no Temporal or PostgreSQL. Run: npx tsx bench/workflows/incident-view.bench.ts
// (or `npm run bench -- workflows/incident-view`; BENCH_QUICK=1: sizes 100 and 300 only).
import {
  advanceIncidentView,
  applyIncidentEvent,
  emptyIncidentState,
  evaluateDue,
  incidentViewAt,
  prepareIncidentView,
  replayTimeline,
  type IncidentEvent,
  type IncidentState,
  type PreparedIncidentView,
} from '../../schema/domain/src/index.ts'
import { demoOutageEvents, demoWorld } from '../../schema/domain/src/testing/index.ts'
import { projectIncident } from '../../services/workflows/src/workflows/project-incident.ts'

const world = demoWorld
const options = { pingPong: world.pingPong }
const quick = process.env.BENCH_QUICK === '1'
const SIZES = quick ? [100, 300] : [100, 300, 1000]
const iso = (ms: number) => new Date(ms).toISOString()
const opened: IncidentEvent = { ...demoOutageEvents[0]!, at: '2026-03-06T20:00:00Z' }

/** opened, acknowledged, then vendor comments a minute apart. */
function comments(n: number): IncidentEvent[] {
  const t0 = Date.parse('2026-03-06T20:05:00Z')
  const out: IncidentEvent[] = [
    opened,
    { type: 'acknowledged', at: '2026-03-06T20:04:00Z', party: 'sentinel' },
  ]
  for (let i = 0; out.length < n; i++)
    out.push({ type: 'comment', at: iso(t0 + i * 60_000), party: 'sentinel', body: `note ${i}` })
  return out
}

/** opened, acknowledged, then offers answered and re-offered every three minutes (simulate's test). */
function pingPong(n: number): IncidentEvent[] {
  let t = Date.parse('2026-03-06T20:05:00Z')
  const at = () => iso((t += 3 * 60_000))
  const out: IncidentEvent[] = [
    opened,
    { type: 'acknowledged', at: '2026-03-06T20:04:00Z', party: 'sentinel' },
  ]
  for (let i = 0; out.length + 2 <= n; i++) {
    const [from, to] = i % 2 === 0 ? ['sentinel', 'stratus'] : ['stratus', 'sentinel']
    const handoffId = `H${i + 1}`
    out.push({
      type: 'handoff_offered',
      at: at(),
      handoffId,
      from: from!,
      to: to!,
      reason: 'r',
      reasonCode: 'NEW_EVIDENCE',
    })
    out.push({ type: 'handoff_accepted', at: at(), handoffId, party: to! })
  }
  return out
}

/**
 * The workflow task's pure work per applied event: check, view with the event (full or
 * advanced), what is due, projection row. Returns CPU ms spent on each event.
 */
function applyAll(events: readonly IncidentEvent[], incremental: boolean): number[] {
  let state: IncidentState = emptyIncidentState()
  const applied: IncidentEvent[] = []
  let prepared: PreparedIncidentView = prepareIncidentView({ events: [], world, options })
  const cpu: number[] = []
  let sink = 0
  for (const event of events) {
    const c0 = process.cpuUsage()
    const r = applyIncidentEvent(state, event, options)
    if (!r.ok) throw new Error(`${event.type} at ${event.at}: ${r.error.message}`)
    prepared = incremental
      ? advanceIncidentView(prepared, event)
      : prepareIncidentView({ events: [...applied, event], world, options })
    state = r.value
    applied.push(event)
    const now = new Date(Date.parse(event.at))
    const view = incidentViewAt(prepared, now)
    const due = evaluateDue(
      { world, state, clocks: view.clocks, afterBusiness: 'follow-the-sun' },
      now
    )
    const row = projectIncident(state, view, applied)
    sink += due.escalations.length + (row.breached ?? 0)
    const c = process.cpuUsage(c0)
    cpu.push((c.user + c.system) / 1000)
  }
  if (sink < 0) console.log(sink)
  return cpu
}

const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0)
const f = (n: number, d = 3) => n.toFixed(d).padStart(9)

const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)]!
/** The median run (by total) of `reps`, alternating the two paths so load hits both alike. */
function runs(events: readonly IncidentEvent[], reps: number) {
  const full: number[][] = []
  const inc: number[][] = []
  for (let i = 0; i < reps; i++) {
    full.push(applyAll(events, false))
    inc.push(applyAll(events, true))
  }
  const pick = (rs: number[][]) => rs.find((r) => sum(r) === median(rs.map(sum)))!
  return { full: pick(full), inc: pick(inc) }
}

function row(name: string, events: readonly IncidentEvent[]) {
  applyAll(events.slice(0, 30), false) // warm-up
  applyAll(events.slice(0, 30), true)
  const { full, inc } = runs(events, events.length >= 1000 ? 1 : 5)
  const tenth = Math.max(1, Math.floor(events.length / 10))
  const tail = (xs: number[]) => sum(xs.slice(-tenth)) / tenth
  console.log(
    `${name.padEnd(20)} ${String(events.length).padStart(5)}  full ${f(sum(full) / full.length)} (last 10% ${f(tail(full))})   incremental ${f(sum(inc) / inc.length)} (last 10% ${f(tail(inc))})   x${(sum(full) / sum(inc)).toFixed(1)}`
  )
}

console.log(
  'CPU ms per applied event (check + view + evaluateDue + projection row), mean over the timeline and over its last 10 %'
)
row('demo outage', demoOutageEvents)
for (const n of SIZES) row('vendor comments', comments(n))
for (const n of SIZES) row('hand-off ping-pong', pingPong(n))

// simulateIncident's domain half: replayTimeline over the ping-pong of its largest-timeline test.
console.log(
  '\nreplayTimeline (simulateIncident) CPU ms, ping-pong timelines (wall time on a loaded machine is queueing)'
)
const simSizes = quick ? [99, 299] : [99, 299, 999]
const time = (events: IncidentEvent[], recompute: boolean) => {
  const asOf = new Date(Date.parse(events[events.length - 1]!.at) + 60_000)
  const c0 = process.cpuUsage()
  const r = replayTimeline({ world, events, afterBusiness: 'follow-the-sun', recompute }, asOf)
  if (r.rejected.length > 0) throw new Error(`rejected: ${r.rejected[0]!.error.message}`)
  const c = process.cpuUsage(c0)
  return (c.user + c.system) / 1000
}
time(pingPong(60), true)
time(pingPong(60), false)
for (const n of simSizes) {
  const events = pingPong(n)
  const reps = n >= 999 ? 1 : 3
  const full = median(Array.from({ length: reps }, () => time(events, true)))
  const inc = median(Array.from({ length: reps }, () => time(events, false)))
  console.log(
    `${String(n).padStart(5)} events  full recompute ${f(full, 1)} ms   incremental ${f(inc, 1)} ms   x${(full / inc).toFixed(1)}`
  )
}
