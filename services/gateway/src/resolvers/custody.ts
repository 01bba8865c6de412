import { z } from 'zod'
import type { IncidentRow, LedgerEntryRow } from '@baton/db'

/** A custody segment with party slugs, as the domain's reducer writes it into the projection state. */
export const CustodyView = z.object({
  party: z.string(),
  desk: z.string().optional(),
  from: z.string(),
  to: z.string().optional(),
  state: z.string(),
  waitingOn: z.string().optional(),
  reason: z.string().optional(),
})
export type CustodyView = z.infer<typeof CustodyView>

const StateWithSegments = z.object({ segments: z.array(CustodyView) })

/** The projection's custody record when the workflow persisted one, else null. */
export function custodyFromState(incident: IncidentRow): CustodyView[] | null {
  const parsed = StateWithSegments.safeParse(incident.state)
  return parsed.success ? parsed.data.segments : null
}

const str = (v: unknown) => (typeof v === 'string' ? v : undefined)

/**
 * Rebuilds custody from the ledger for incidents whose projection carries no segments: who held
 * the baton from each opening, accepted hand-off, assignment, wait or resumption to the next.
 */
export function custodyFromLedger(entries: LedgerEntryRow[]): CustodyView[] {
  const segments: CustodyView[] = []
  const offeredTo = new Map<string, string>()
  let holder: string | undefined
  let desk: string | undefined
  const close = (at: string) => {
    const last = segments.at(-1)
    if (last && !last.to) last.to = at
  }
  const open = (at: string, extra: Partial<CustodyView> = {}) => {
    close(at)
    if (holder)
      segments.push({
        party: holder,
        ...(desk ? { desk } : {}),
        from: at,
        state: 'working',
        ...extra,
      })
  }
  for (const e of entries) {
    const at = e.at.toISOString()
    const d = (e.data ?? {}) as Record<string, unknown>
    switch (e.type) {
      case 'opened':
        holder = str(d.holder)
        desk = str(d.desk)
        open(at)
        break
      case 'assigned':
        holder = str(d.party)
        desk = str(d.desk)
        open(at)
        break
      case 'handoff_offered': {
        const id = str(d.handoffId)
        const to = str(d.to)
        if (id && to) offeredTo.set(id, to)
        break
      }
      case 'handoff_accepted':
        holder = offeredTo.get(str(d.handoffId) ?? '') ?? str(d.party)
        desk = str(d.desk)
        open(at)
        break
      case 'waiting':
        open(at, {
          state: 'waiting',
          ...(str(d.on) ? { waitingOn: str(d.on) } : {}),
          ...(str(d.reason) ? { reason: str(d.reason) } : {}),
        })
        break
      case 'resumed':
      case 'reopened':
        open(at)
        break
      case 'resolved':
        close(at)
        break
    }
  }
  return segments
}
