import { inArray } from 'drizzle-orm'
import { parties, type Database } from '@baton/db'
import type { World } from '@baton/domain'
import { setEndpointState } from '@baton/adapters'
import {
  VendorSimulator,
  loadSimulatedVendors,
  pointVendorsAt,
  type ReceivedMessage,
} from '@baton/adapters/simulator'

export type DemoVendors = {
  /** the running simulator; null with --no-vendors or when no party of the world is simulated */
  sim: VendorSimulator | null
  /** the parties whose outbound endpoint is on loopback in the world file: the simulated ones */
  slugs: string[]
  /** false stops the one-line echo of each received message (the outage player prints its own) */
  echo: boolean
  stop: () => Promise<void>
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]'])

/** The world's vendors that the demo simulates: those whose outboundUrl points at this machine. */
export function simulatedSlugs(world: World): string[] {
  return world.parties
    .filter((p) => {
      const url = p.integration?.outboundUrl
      if (!url) return false
      try {
        return LOOPBACK.has(new URL(url).hostname)
      } catch {
        return false
      }
    })
    .map((p) => p.slug)
}

const describeReceived = (r: ReceivedMessage) =>
  `[vendors] ${r.vendor} received ${r.message.type} for ${r.message.incident.key} (incident ${r.message.incident.id}; ${r.verified ? 'signature verified' : 'BAD SIGNATURE'})`

/**
 * The demo's vendors for `npm start`: the simulator (adapters' VendorSimulator) on a free port,
 * with every simulated party's outbound endpoint pointed at it, so Baton's deliveries land and
 * are checked against the party's own secret; two stacks on one machine each get their own. With
 * `enabled: false` (--no-vendors) nobody listens, so their delivery is paused instead (messages
 * wait in Temporal and go out once a later start resumes it) rather than failing every few seconds.
 */
export async function startDemoVendors(o: {
  db: Database
  world: World
  masterKey: string
  adaptersUrl: string
  enabled: boolean
  log: (line: string) => void
}): Promise<DemoVendors> {
  const slugs = simulatedSlugs(o.world)
  const rows =
    slugs.length === 0
      ? []
      : await o.db
          .select({ id: parties.id, slug: parties.slug })
          .from(parties)
          .where(inArray(parties.slug, slugs))
  for (const row of rows) await setEndpointState(o.db, row.id, { paused: !o.enabled })
  if (!o.enabled || slugs.length === 0) {
    if (slugs.length > 0)
      o.log(
        `Demo vendors left out (--no-vendors): delivery to ${slugs.join(', ')} is paused until a start with vendors`
      )
    return { sim: null, slugs, echo: false, stop: async () => {} }
  }
  const vendors = (await loadSimulatedVendors(o.db, o.masterKey)).filter((v) =>
    slugs.includes(v.slug)
  )
  const demo: DemoVendors = { sim: null, slugs, echo: true, stop: async () => {} }
  const sim = await new VendorSimulator({ webhookBaseUrl: o.adaptersUrl, vendors }).start()
  const simulated = new Set(slugs)
  await pointVendorsAt(o.db, (slug) => sim.endpointOf(slug), simulated)
  // Each message a vendor receives, once, as it arrives.
  let echoed = 0
  const timer = setInterval(() => {
    for (; echoed < sim.received.length; echoed++)
      if (demo.echo) o.log(describeReceived(sim.received[echoed]!))
  }, 250)
  demo.sim = sim
  demo.stop = async () => {
    clearInterval(timer)
    await sim.stop()
  }
  o.log(`Demo vendors (${slugs.join(', ')}) simulated on ${sim.url}`)
  return demo
}

/** The launcher's "Baton is up" line for the demo vendors (empty when the world simulates none). */
export function demoVendorsLine(v: DemoVendors): string {
  if (v.slugs.length === 0) return ''
  return v.sim
    ? `  Demo vendors:        ${v.sim.url}/{partySlug}/baton   (simulated ${v.slugs.join(', ')}: they receive Baton's messages)\n`
    : `  Demo vendors:        left out (--no-vendors); delivery to ${v.slugs.join(', ')} paused\n`
}
