import { mkdirSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import {
  buildScorecard,
  computeIncidentView,
  renderMonthlyPack,
  type ReviewPack,
} from '@baton/domain'
import {
  demoMarchCredits,
  demoOutageEvents,
  demoWorld,
  NO_INTAKE,
  settledDemoIncident,
} from '@baton/domain/testing'

/**
 * The committed example (docs/examples/stratus-monthly-2026-03.*): the docs/scenario.md outage settled
 * at its close and rendered as Stratus's March 2026 pack, from the domain alone, so it is reproducible.
 */
export function renderExamplePack(party = 'stratus'): ReviewPack {
  const closedAt = demoOutageEvents.at(-1)!.at
  const incident = settledDemoIncident('INC-1', demoOutageEvents)
  const scorecard = buildScorecard({
    party,
    from: '2026-03-01T00:00:00.000Z',
    to: '2026-04-01T00:00:00.000Z',
    world: demoWorld,
    incidents: [incident],
    credits: demoMarchCredits(party, [incident]),
    integration: NO_INTAKE,
  })
  const segments = computeIncidentView(
    { events: demoOutageEvents, world: demoWorld },
    new Date(closedAt)
  ).custody.segments
  const held = new Map<string, number>()
  for (const s of segments)
    held.set(s.party, (held.get(s.party) ?? 0) + Date.parse(s.to ?? closedAt) - Date.parse(s.from))
  const trend = [
    {
      month: '2026-03',
      attainment: {
        UC: scorecard.attainment.UC.percent,
        OLA: scorecard.attainment.OLA.percent,
        SLA: scorecard.attainment.SLA.percent,
      },
      credits: scorecard.credits.total,
    },
  ]
  return renderMonthlyPack({
    scorecard,
    trend,
    timeHeld: [...held].sort(([a], [b]) => a.localeCompare(b)).map(([p, ms]) => ({ party: p, ms })),
    generatedAt: '2026-04-01T06:00:00.000Z',
  })
}

/** `render-example-pack [--out docs/examples]` */
export async function renderExamplePackCommand(
  args: string[],
  projectRoot: string
): Promise<number> {
  const out = resolve(
    projectRoot,
    args.includes('--out') ? args[args.indexOf('--out') + 1]! : 'docs/examples'
  )
  mkdirSync(out, { recursive: true })
  const pack = renderExamplePack('stratus')
  const base = `stratus-monthly-${pack.periodLabel}`
  writeFileSync(
    join(out, `${base}.md`),
    pack.markdown.endsWith('\n') ? pack.markdown : pack.markdown + '\n'
  )
  writeFileSync(join(out, `${base}.csv`), pack.csv)
  // The Markdown carries both charts inline; the .svg file is the time-held chart on its own.
  writeFileSync(join(out, `${base}.svg`), pack.charts[1]!.svg)
  console.log(`Wrote ${base}.md, ${base}.csv and ${base}.svg to ${out}`)
  return 0
}
