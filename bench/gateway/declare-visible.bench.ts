// Issue #23's declare goal: from `declareIncident`'s GraphQL answer to the incident being visible
// on the console's incidents page (the page query, polled back to back as fast as it answers),
// p50 (goal < 300 ms on an idle machine) and p99 over BENCH_DECLARES (50) declarations made one
// at a time through the gateway over HTTP on loopback, with the incident worker running. Beside:
// the GraphQL round trip of `{ __typename }` and of the page itself on the same server, measured
// between the declarations. A figure is measured to the end of the first page answer that lists
// the incident, so it includes one page round trip at least. BENCH_QUICK=1: 20 declarations.
import { randomUUID } from 'node:crypto'
import { percentile, startBenchStack } from '../support/bench-stack.ts'
import { INCIDENTS_PAGE, startBenchGateway } from '../support/bench-gateway.ts'
import { machineLine } from '../support/cpu-meter.ts'
import { benchWorkers, stopWorkers } from '../support/incident-worker.ts'

const QUICK = process.env.BENCH_QUICK === '1'
const DECLARES = Number(process.env.BENCH_DECLARES ?? (QUICK ? 20 : 50))
const WARM_UP = 3
const DECLARE = `mutation ($input: DeclareIncidentInput!) { declareIncident(input: $input) { key } }`
type Page = { incidents: { nodes: { key: string }[] } }

console.log(machineLine())
const stack = await startBenchStack({ scale: 1 })
const workers = await benchWorkers(stack)
try {
  const queue = `bench-declare-${randomUUID()}`
  const worker = await workers.incidents(queue)
  const running = worker.run()
  const gateway = await startBenchGateway(stack, { taskQueue: queue })
  try {
    const { parties } = await gateway.post<{ parties: { id: string; slug: string }[] }>(
      '{ parties { id slug } }'
    )
    const holderPartyId = parties.find((p) => p.slug === 'stratus')!.id
    const timed = async <T>(f: () => Promise<T>) => {
      const t0 = performance.now()
      const value = await f()
      return { value, ms: performance.now() - t0, end: performance.now() }
    }
    const visible: number[] = [],
      declared: number[] = [],
      polls: number[] = [],
      trivial: number[] = [],
      page: number[] = []
    console.log(`declaring ${DECLARES} incidents one at a time (after ${WARM_UP} to warm up)…`)
    for (let i = -WARM_UP; i < DECLARES; i++) {
      const d = await timed(() =>
        gateway.post<{ declareIncident: { key: string } }>(DECLARE, {
          input: {
            clientKey: randomUUID(),
            title: `bench ${i}`,
            priority: 'P2',
            holderPartyId,
          },
        })
      )
      const key = d.value.declareIncident.key
      let n = 0
      for (;;) {
        n++
        const p = await timed(() => gateway.post<Page>(INCIDENTS_PAGE))
        if (p.value.incidents.nodes.some((r) => r.key === key)) {
          if (i >= 0) {
            visible.push(p.end - d.end)
            declared.push(d.ms)
            polls.push(n)
          }
          break
        }
        if (p.end - d.end > 60_000) throw new Error(`${key} not on the page 60 s after its answer`)
      }
      if (i < 0) continue
      trivial.push((await timed(() => gateway.post('{ __typename }'))).ms)
      page.push((await timed(() => gateway.post<Page>(INCIDENTS_PAGE))).ms)
      if ((i + 1) % 10 === 0) console.log(`  …${i + 1}/${DECLARES}`)
    }
    const row = (label: string, v: number[]) =>
      console.log(
        `  ${label.padEnd(34)} p50 ${percentile(v, 50).toFixed(1).padStart(8)} ms   p99 ${percentile(v, 99).toFixed(1).padStart(8)} ms`
      )
    console.log(`declare -> visible on the incidents page, ${DECLARES} declarations`)
    row('answer -> visible on the page', visible)
    row('baseline { __typename } round trip', trivial)
    row('incidents page round trip', page)
    row('declareIncident round trip', declared)
    console.log(
      `  page polls until visible: max ${Math.max(...polls)} (1 = the first page after the answer listed it)   goal: visible p50 < 300 ms: ${percentile(visible, 50) < 300 ? 'met' : 'NOT met'}`
    )
  } finally {
    await gateway.close()
    await stopWorkers([worker], running)
  }
  console.log(machineLine('machine after'))
} catch (error) {
  console.error('declare bench failed:', error)
  process.exitCode = 1
} finally {
  await stack.close()
  await workers.close()
}
