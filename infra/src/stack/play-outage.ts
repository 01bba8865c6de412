import { DateTime } from 'luxon'
import { Client, Connection } from '@temporalio/client'
import { createDb } from '@baton/db'
import { TASK_QUEUES, advanceClockUpdate, incidentWorkflowId } from '@baton/temporal'
import { OUTAGE, OUTAGE_ORIGIN, type OutageStep } from './outage-timeline.ts'
import { startIncident } from './start-incident.ts'
import { tailLedger } from './tail-ledger.ts'

const OUTAGE_SERVICE = 'online-checkout'
import type { RunningStack } from './run-stack.ts'

const ZONES: Array<[string, string]> = [
  ['New York', 'America/New_York'],
  ['Pune', 'Asia/Kolkata'],
  ['Warsaw', 'Europe/Warsaw'],
  ['Mexico City', 'America/Mexico_City'],
  ['Manila', 'Asia/Manila'],
]
export const localTimes = (at: Date) =>
  ZONES.map(([n, z]) => `${n} ${DateTime.fromJSDate(at, { zone: z }).toFormat('ccc HH:mm')}`).join(
    ' · '
  )

/**
 * `npm start -- --play-outage`: docs/scenario.md's outage on simulated incident clocks (`speed` x real
 * time, 60 by default) against the running stack. Vendors answer through the real webhook
 * endpoints in their dialects; Northwind acts through GraphQL (declarations start the workflows
 * directly, with their simulated clock).
 */
export async function playOutage(
  stack: RunningStack,
  o: { speed: number; log: (line: string) => void }
) {
  // The stack's demo vendors (on a port of their own, the world's endpoints pointing at them).
  if (!stack.vendors.sim)
    throw new Error('the outage needs the demo vendors (leave out --no-vendors)')
  const sim = stack.vendors.sim
  stack.vendors.echo = false // tailLedger prints what they receive, in the outage's layout
  const db = createDb({ url: stack.databaseUrl, max: 4, applicationName: 'baton-demo' })
  const client = new Client({
    connection: await Connection.connect({ address: stack.temporalAddress }),
  })
  let vOrigin = Date.parse(OUTAGE_ORIGIN)
  // Vendor refs are bonded for good: a run tag keeps a replay of the demo apart from earlier runs.
  const runTag = Date.now().toString(36).slice(-4)
  let rOrigin = Date.now()
  const vNow = () => new Date(vOrigin + (Date.now() - rOrigin) * o.speed)
  const incidents: Partial<Record<'p1' | 'p2', { id: string; key: string }>> = {}
  const say = (at: Date, line: string) =>
    o.log(`${at.toISOString().slice(0, 16).replace('T', ' ')}Z  ${localTimes(at)}\n      ${line}`)
  const stopTail = tailLedger(
    db.sql,
    () => Object.values(incidents).map((i) => i!.id),
    (at, line) => say(at, `  baton: ${line}`),
    sim,
    (line) => o.log(`      ${line}`)
  )
  const graphql = async (query: string, variables: Record<string, unknown>) => {
    const res = await fetch(`${stack.gatewayUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${stack.adminToken}` },
      body: JSON.stringify({ query, variables }),
    })
    const body = (await res.json()) as { errors?: Array<{ message: string }> }
    if (body.errors?.length) throw new Error(body.errors.map((e) => e.message).join('; '))
  }
  const openHandoff = async (incidentId: string) => {
    for (let i = 0; i < 40; i++) {
      const [row] =
        await db.sql`select id from handoffs where incident_id = ${incidentId} and state in ('OFFERED', 'EXPIRED') order by offered_at desc limit 1`
      if (row) return row.id as string
      await new Promise((r) => setTimeout(r, 100))
    }
    throw new Error('no open hand-off to answer')
  }

  o.log(
    `\nPlaying the demo outage (docs/scenario.md) at ${o.speed}x (one scenario minute every ${(60 / o.speed).toFixed(1)} s); simulated vendors on ${sim.url}; vendor refs carry the run tag -${runTag}\n`
  )
  try {
    for (const step of OUTAGE) {
      const at = new Date(step.at)
      const waitMs = (at.getTime() - vNow().getTime()) / o.speed
      if (step.do.kind !== 'jump' && waitMs > 0) await new Promise((r) => setTimeout(r, waitMs))
      say(at, `${step.say}`)
      await perform(step, at)
    }
    await new Promise((r) => setTimeout(r, 3000))
  } finally {
    stopTail()
    stack.vendors.echo = true
    await client.connection.close()
    await db.close()
  }
  return incidents

  async function perform(step: OutageStep, at: Date) {
    const d = step.do
    if (d.kind === 'jump') {
      for (const inc of Object.values(incidents))
        await client.workflow
          .getHandle(incidentWorkflowId(inc!.key))
          .executeUpdate(advanceClockUpdate, { args: [{ to: at.toISOString() }] })
      vOrigin = at.getTime()
      rOrigin = Date.now()
      return
    }
    if (d.kind === 'declare') {
      const openedAt = at.toISOString()
      const parent = d.parent ? incidents[d.parent] : undefined
      // The row names its service and parent as declareIncident's does: the board's service
      // column and Incident.parent / children read them.
      const [service] = await db.sql<{ id: string }[]>`
        select id from services where slug = ${OUTAGE_SERVICE}`
      const { id, key } = await startIncident(db.db, client, {
        clientKey: `demo-outage-${d.incident}-${rOrigin}`,
        title: d.title,
        priority: d.priority,
        holder: d.holder,
        openedAt,
        serviceId: service?.id ?? null,
        parentId: parent?.id ?? null,
        declaredBy: 'northwind',
        service: OUTAGE_SERVICE,
        clock: {
          origin: new Date(vOrigin).toISOString(),
          realOrigin: new Date(rOrigin).toISOString(),
          speed: o.speed,
          advancedMs: 0,
        },
        parentKey: parent?.key,
        taskQueue: TASK_QUEUES.incidents,
      })
      incidents[d.incident] = { id, key }
      o.log(`      -> ${key} (id ${id})`)
      return
    }
    const inc = incidents[d.incident]!
    if (d.kind === 'graphql') {
      if (d.mutation === 'forceResolve')
        await graphql(
          'mutation($id: ID!, $r: String!) { resolveIncident(input: { incidentId: $id, resolution: $r, force: true }) { status } }',
          { id: inc.id, r: d.reason }
        )
      else
        await graphql('mutation($id: ID!) { closeIncident(incidentId: $id) { status } }', {
          id: inc.id,
        })
      return
    }
    const handoffId = d.handoff ? await openHandoff(inc.id) : undefined
    const result = await sim.send(d.vendor, {
      ...d.action,
      vendorRef: `${d.action.vendorRef}-${runTag}`,
      incidentId: inc.id,
      ...(handoffId ? { handoffId } : {}),
    })
    o.log(`      ${d.vendor} -> POST /webhooks/${d.vendor}: ${result.status}`)
  }
}
