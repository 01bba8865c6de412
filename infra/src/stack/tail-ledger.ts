import type postgres from 'postgres'
import type { VendorSimulator } from '@baton/adapters/simulator'

const describe = (type: string, d: Record<string, unknown>): string | null => {
  switch (type) {
    case 'clock.breached':
      return `BREACH ${d.agreement} ${d.metric} of ${d.party}, attributed to ${d.attributedTo}`
    case 'escalation.triggered':
      return `ESCALATION ${d.reason} -> ${(d.recipients as string[]).join(', ') || 'nobody'}`
    case 'handoff_expired':
      return `hand-off ${d.handoffId} expired (acceptance OLA ran out); it stays open`
    case 'vendor_event.refused':
      return `REFUSED a vendor message: ${d.message}`
    case 'clock.met':
      return null
    default:
      return null
  }
}

/**
 * Prints what Baton itself does while the outage plays: breaches, escalations, expiries and
 * refusals from the ledger, and each outbound message a simulated vendor receives.
 */
export function tailLedger(
  sql: postgres.Sql,
  incidentIds: () => string[],
  onEntry: (at: Date, line: string) => void,
  sim: VendorSimulator,
  onOutbound: (line: string) => void
): () => void {
  let lastId = 0
  let seenOutbound = 0
  let busy = false
  const timer = setInterval(async () => {
    if (busy) return
    busy = true
    try {
      const ids = incidentIds()
      if (ids.length > 0) {
        const rows =
          await sql`select l.id, l.at, l.type, l.data, i.key from ledger_entries l join incidents i on i.id = l.incident_id where l.id > ${lastId} and l.incident_id = any(${ids}::uuid[]) order by l.id`
        for (const r of rows) {
          lastId = Math.max(lastId, Number(r.id))
          const line = describe(r.type as string, r.data as Record<string, unknown>)
          if (line) onEntry(new Date(r.at as string), `[${r.key}] ${line}`)
        }
      }
      for (; seenOutbound < sim.received.length; seenOutbound++) {
        const m = sim.received[seenOutbound]!
        const body = m.message as unknown as { type?: string }
        onOutbound(
          `  ${m.vendor} received ${body.type ?? 'a message'} from Baton (${m.verified ? 'signature verified' : 'BAD SIGNATURE'})`
        )
      }
    } catch {
      /* the next tick retries */
    } finally {
      busy = false
    }
  }, 300)
  return () => clearInterval(timer)
}
