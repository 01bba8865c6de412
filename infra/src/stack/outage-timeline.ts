import type { VendorAction } from '@baton/adapters/simulator'

/** One scenario step of docs/scenario.md's outage; instants are UTC (New York is EST until Sun 03-08). */
export type OutageStep = {
  at: string
  say: string
  do:
    | {
        kind: 'declare'
        incident: 'p1' | 'p2'
        title: string
        priority: 'P1' | 'P2'
        holder: string
        parent?: 'p1'
      }
    | {
        kind: 'vendor'
        incident: 'p1' | 'p2'
        vendor: string
        action: Omit<VendorAction, 'incidentId' | 'handoffId'>
        handoff?: true
      }
    | {
        kind: 'graphql'
        incident: 'p1' | 'p2'
        mutation: 'forceResolve' | 'close'
        reason?: string
      }
    | { kind: 'jump' }
}

type VendorStep = Extract<OutageStep['do'], { kind: 'vendor' }>
/** A vendor's message on an incident. */
const vendor = (
  incident: VendorStep['incident'],
  name: string,
  action: VendorStep['action']
): VendorStep => ({ kind: 'vendor', incident, vendor: name, action })
/** A vendor's answer to the incident's open hand-off (its id looked up when the step plays). */
const answer = (...args: Parameters<typeof vendor>): VendorStep => ({
  ...vendor(...args),
  handoff: true,
})

export const OUTAGE_ORIGIN = '2026-03-06T20:00:00.000Z'

export const OUTAGE: OutageStep[] = [
  {
    at: '2026-03-06T20:00:00Z',
    say: 'Northwind declares P1 on Online Checkout, holder Sentinel',
    do: {
      kind: 'declare',
      incident: 'p1',
      title: 'Credential stuffing against checkout',
      priority: 'P1',
      holder: 'sentinel',
    },
  },
  {
    at: '2026-03-06T20:00:30Z',
    say: "Sentinel's SOC sends incident.opened (their ref SEN-5521)",
    do: vendor('p1', 'sentinel', {
      type: 'incident.opened',
      vendorRef: 'SEN-5521',
      title: 'Credential stuffing against checkout',
      priority: 'P1',
    }),
  },
  {
    at: '2026-03-06T20:04:00Z',
    say: 'Sentinel acknowledges (UC respond 10 min)',
    do: vendor('p1', 'sentinel', { type: 'incident.acknowledged', vendorRef: 'SEN-5521' }),
  },
  {
    at: '2026-03-06T20:20:00Z',
    say: 'Sentinel offers a hand-off to Stratus: block ranges at the WAF, isolate two hosts',
    do: vendor('p1', 'sentinel', {
      type: 'handoff.requested',
      vendorRef: 'SEN-5521',
      to: 'stratus',
      reason: 'block ranges at the WAF, isolate two hosts',
    }),
  },
  {
    at: '2026-03-06T20:30:00Z',
    say: 'Store staff cannot log in: Northwind opens a linked P2 for Bayside',
    do: {
      kind: 'declare',
      incident: 'p2',
      title: 'Store staff cannot log in',
      priority: 'P2',
      holder: 'bayside',
      parent: 'p1',
    },
  },
  {
    at: '2026-03-06T20:41:00Z',
    say: 'Stratus accepts (containment OLA ran out at 15:35)',
    do: answer('p1', 'stratus', { type: 'handoff.accepted', vendorRef: 'STR-7781' }),
  },
  {
    at: '2026-03-06T20:50:00Z',
    say: 'Bayside (Mexico City) acknowledges the P2',
    do: vendor('p2', 'bayside', { type: 'incident.acknowledged', vendorRef: 'INC0012345' }),
  },
  {
    at: '2026-03-06T21:30:00Z',
    say: 'Stratus offers to Vistula: a checkout defect allows account enumeration',
    do: vendor('p1', 'stratus', {
      type: 'handoff.requested',
      vendorRef: 'STR-7781',
      to: 'vistula',
      reason: 'checkout defect allows account enumeration',
    }),
  },
  {
    at: '2026-03-06T21:55:00Z',
    say: 'Vistula rejects: "WAF misconfiguration, not an application defect"',
    do: answer('p1', 'vistula', {
      type: 'handoff.rejected',
      vendorRef: 'VIS-318',
      reason: 'WAF misconfiguration, not an application defect',
    }),
  },
  {
    at: '2026-03-06T22:05:00Z',
    say: 'Stratus offers to Vistula again with evidence (a reason code now required)',
    do: vendor('p1', 'stratus', {
      type: 'handoff.requested',
      vendorRef: 'STR-7781',
      to: 'vistula',
      reason: 'evidence: enumeration through /api/login',
      reasonCode: 'NEW_EVIDENCE',
    }),
  },
  {
    at: '2026-03-06T22:12:00Z',
    say: 'Vistula accepts',
    do: answer('p1', 'vistula', { type: 'handoff.accepted', vendorRef: 'VIS-318' }),
  },
  {
    at: '2026-03-07T05:30:00Z',
    say: 'Vistula ships a fix and hands back to Stratus to lift the emergency WAF rules',
    do: vendor('p1', 'vistula', {
      type: 'handoff.requested',
      vendorRef: 'VIS-318',
      to: 'stratus',
      reason: 'fix shipped; lift the emergency WAF rules',
    }),
  },
  {
    at: '2026-03-07T05:38:00Z',
    say: 'Stratus accepts',
    do: answer('p1', 'stratus', { type: 'handoff.accepted', vendorRef: 'STR-7781' }),
  },
  {
    at: '2026-03-07T06:10:00Z',
    say: 'Stratus resolves (refused while the linked P2 is open)',
    do: vendor('p1', 'stratus', {
      type: 'incident.resolved',
      vendorRef: 'STR-7781',
      reason: 'WAF rules lifted, fix deployed',
    }),
  },
  {
    at: '2026-03-07T06:11:00Z',
    say: 'Northwind resolves the P1 with a reason; store-staff tickets continue on the P2',
    do: {
      kind: 'graphql',
      incident: 'p1',
      mutation: 'forceResolve',
      reason:
        'WAF rules lifted, fix deployed; store-staff tickets continue on the linked P2 with Bayside',
    },
  },
  {
    at: '2026-03-08T23:25:00Z',
    say: "(the weekend passes: the demo jumps both incidents' clocks to Monday morning in Manila)",
    do: { kind: 'jump' },
  },
  {
    at: '2026-03-08T23:30:00Z',
    say: "Bayside's Manila desk picks up the store-staff tickets",
    do: vendor('p2', 'bayside', {
      type: 'incident.comment',
      vendorRef: 'INC0012345',
      body: 'Manila desk: resetting store-staff passwords, 40 of 120 stores done',
    }),
  },
  { at: '2026-03-09T12:55:00Z', say: '(jump to Monday morning in New York)', do: { kind: 'jump' } },
  {
    at: '2026-03-09T13:00:00Z',
    say: 'Northwind closes the P1 after review (09:00 EDT: US daylight saving started Sunday)',
    do: { kind: 'graphql', incident: 'p1', mutation: 'close' },
  },
  {
    at: '2026-03-09T13:10:00Z',
    say: "Bayside's Mexico City desk resolves the remaining store-staff tickets",
    do: vendor('p2', 'bayside', {
      type: 'incident.resolved',
      vendorRef: 'INC0012345',
      reason: 'store-staff passwords reset',
    }),
  },
]
