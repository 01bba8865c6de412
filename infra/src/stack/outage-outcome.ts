import { DateTime } from 'luxon'

// The end of `npm start -- --play-outage`: the outcome read back from the running system through
// its GraphQL API (what the console shows), never from the script's own idea of what happened:
// who held the baton when, the breaches and whom they were attributed to, the credits each vendor
// owes for the month, and the ledger's verification.

type Named = { name: string }
type Custody = {
  party: Named
  desk: Named | null
  from: string
  to: string | null
  state: string
  waitingOn: Named | null
  reason: string | null
}
type Clock = {
  agreement: { slug: string; version: number; kind: string }
  party: Named
  metric: string
  target: string
  state: string
  breachedAt: string | null
  attributedTo: Named | null
}
type Incident = {
  key: string
  title: string
  priority: string
  status: string
  openedAt: string
  resolvedAt: string | null
  service: { slug: string } | null
  parent: { key: string } | null
  custody: Custody[]
  clocks: Clock[]
}
type Verification = {
  ok: boolean
  entriesChecked: number
  firstBrokenEntry: { seq: number; type: string } | null
  problem: { message: string } | null
}
type Scorecard = {
  incidents: number
  breachesAttributed: { incidentKey: string }[]
  credits: {
    agreement: { slug: string; version: number }
    amount: number
    currency: string
    reason: string
  }[]
  creditsTotal: number
  currency: string | null
}
export type OutageOutcome = {
  incidents: Array<{ incident: Incident; ledger: Verification }>
  month: { from: string; to: string }
  vendors: Array<{ name: string; scorecard: Scorecard }>
}

const INCIDENT = `query($id: ID!) {
  incident(id: $id) {
    key title priority status openedAt resolvedAt service { slug } parent { key }
    custody { party { name } desk { name } from to state waitingOn { name } reason }
    clocks { agreement { slug version kind } party { name } metric target state breachedAt attributedTo { name } }
  }
  verifyLedger(incidentId: $id) { ok entriesChecked firstBrokenEntry { seq type } problem { message } }
}`
const SCORECARD = `query($p: ID!, $from: DateTime!, $to: DateTime!) {
  scorecard(partyId: $p, from: $from, to: $to) {
    incidents breachesAttributed { incidentKey }
    credits { agreement { slug version } amount currency reason }
    creditsTotal currency
  }
}`

/** Reads the outcome of the played incidents from the gateway, as the admin. */
export async function readOutageOutcome(
  gateway: { url: string; adminToken: string },
  incidentIds: string[]
): Promise<OutageOutcome> {
  const gql = async <T>(query: string, variables: Record<string, unknown> = {}): Promise<T> => {
    const res = await fetch(`${gateway.url}/graphql`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${gateway.adminToken}`,
      },
      body: JSON.stringify({ query, variables }),
    })
    const body = (await res.json()) as { data?: T; errors?: Array<{ message: string }> }
    if (body.errors?.length || !body.data)
      throw new Error(
        `GraphQL: ${body.errors?.map((e) => e.message).join('; ') ?? `HTTP ${res.status}`}`
      )
    return body.data
  }
  const incidents = []
  for (const id of incidentIds) {
    const r = await gql<{ incident: Incident | null; verifyLedger: Verification }>(INCIDENT, {
      id,
    })
    if (!r.incident) throw new Error(`incident ${id} not found`)
    incidents.push({ incident: r.incident, ledger: r.verifyLedger })
  }
  // Credits are monthly (caps, earn-back): the scorecards of the month the outage opened in.
  const opened = DateTime.fromISO(incidents[0]?.incident.openedAt ?? new Date().toISOString(), {
    zone: 'utc',
  })
  const month = {
    from: opened.startOf('month').toISO()!,
    to: opened.startOf('month').plus({ months: 1 }).toISO()!,
  }
  const { parties } = await gql<{ parties: Array<{ id: string; name: string; kind: string }> }>(
    '{ parties { id name kind } }'
  )
  const vendors = []
  for (const p of parties.filter((x) => x.kind !== 'RETAINED')) {
    const { scorecard } = await gql<{ scorecard: Scorecard }>(SCORECARD, { p: p.id, ...month })
    vendors.push({ name: p.name, scorecard })
  }
  return { incidents, month, vendors }
}

const ZONE = 'America/New_York'
const local = (iso: string) => DateTime.fromISO(iso, { zone: ZONE }).toFormat('ccc HH:mm')
const money = (amount: number, currency: string | null) =>
  `${currency ?? ''} ${amount.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`.trim()

/** The outcome as text, times in New York (the retained organisation's zone in docs/scenario.md). */
export function formatOutageOutcome(o: OutageOutcome): string {
  const lines = ['', 'The outcome, read back from Baton (GraphQL; times in New York):']
  const keys = new Set(o.incidents.map((i) => i.incident.key))
  for (const { incident: inc, ledger } of o.incidents) {
    lines.push(
      '',
      `${inc.key}  ${inc.priority}  ${inc.title}: ${inc.status}, opened ${local(inc.openedAt)}${inc.resolvedAt ? `, resolved ${local(inc.resolvedAt)}` : ''}`,
      ...(inc.service || inc.parent
        ? [
            `  ${[inc.service ? `Service ${inc.service.slug}` : '', inc.parent ? `linked under ${inc.parent.key}` : ''].filter(Boolean).join(', ')}`,
          ]
        : []),
      '  Who held the baton:'
    )
    for (const c of inc.custody) {
      const span = `${local(c.from)} – ${c.to ? local(c.to) : 'now      '}`
      const holder = `${c.party.name}${c.desk ? ` (${c.desk.name})` : ''}`
      const waiting =
        c.state === 'waiting'
          ? `, waiting on ${c.waitingOn?.name ?? '?'}${c.reason ? ` (${c.reason})` : ''}`
          : ''
      lines.push(`    ${span}  ${holder}${waiting}`)
    }
    const breaches = inc.clocks
      .filter((c) => c.breachedAt)
      .sort((a, b) => a.breachedAt!.localeCompare(b.breachedAt!))
    lines.push(`  Breaches (${breaches.length}):`)
    for (const c of breaches)
      lines.push(
        `    ${local(c.breachedAt!)}  ${c.agreement.kind} ${c.agreement.slug}@${c.agreement.version} ${c.metric} ${c.target} (${c.party.name}'s clock): attributed to ${c.attributedTo?.name ?? 'nobody'}`
      )
    if (breaches.length === 0) lines.push('    none')
    lines.push(
      ledger.ok
        ? `  Ledger: verified, ${ledger.entriesChecked} entries, hash chain intact`
        : `  Ledger: BROKEN at seq ${ledger.firstBrokenEntry?.seq ?? '?'} (${ledger.problem?.message ?? 'unknown'}), ${ledger.entriesChecked} entries checked`
    )
  }
  lines.push('', `Credits per vendor for ${o.month.from.slice(0, 7)} (their scorecards):`)
  for (const { name, scorecard: s } of o.vendors) {
    const others = new Set(
      s.breachesAttributed.map((b) => b.incidentKey).filter((k) => !keys.has(k))
    ).size
    const note =
      others > 0
        ? `  (the month also holds ${others} other incident${others === 1 ? '' : 's'} with breaches attributed to ${name})`
        : ''
    lines.push(
      `  ${name.padEnd(24)} ${s.creditsTotal > 0 ? money(s.creditsTotal, s.currency) : 'none'}${note}`
    )
    for (const c of s.credits)
      lines.push(
        `    ${money(c.amount, c.currency).padStart(14)}  ${c.agreement.slug}@${c.agreement.version}: ${c.reason}`
      )
  }
  return lines.join('\n')
}

/** The hook at the end of the played outage: reads the outcome and logs it (a failure to read says so). */
export async function printOutageOutcome(
  stack: { gatewayUrl: string; adminToken: string },
  incidents: Partial<Record<'p1' | 'p2', { id: string }>>,
  log: (line: string) => void
): Promise<void> {
  const ids = [incidents.p1, incidents.p2].flatMap((i) => (i ? [i.id] : []))
  if (ids.length === 0) return
  try {
    log(
      formatOutageOutcome(
        await readOutageOutcome({ url: stack.gatewayUrl, adminToken: stack.adminToken }, ids)
      )
    )
  } catch (error) {
    log(`The outcome could not be read back from the gateway: ${(error as Error).message}`)
  }
}
