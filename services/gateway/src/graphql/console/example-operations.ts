// Example tabs preloaded in the console, written for the demo world of docs/scenario.md.
const tab = (query: string, variables?: unknown) => ({
  query: query.trim() + '\n',
  variables: variables ? JSON.stringify(variables, null, 2) : null,
})

export const exampleTabs = [
  tab(`
# Welcome to the Baton console.
# 1. Paste your token into the Headers pane below:  { "Authorization": "Bearer bat_..." }
#    (npm start prints a bootstrap ADMIN token; admins create more with createApiToken).
# 2. Press the run button (or Ctrl+Enter).
# The other tabs hold examples for the demo world (Northwind Retail and its four vendors).
{
  parties {
    id
    slug
    name
    kind
    desks { slug name timeZone is24x7 }
  }
}`),
  tab(`
# Open P1 and P2 incidents, newest first, with who holds the baton.
query OpenIncidents($after: String) {
  incidents(filter: { status: [OPEN, ACKNOWLEDGED, WAITING], priority: [P1, P2] }, first: 20, after: $after) {
    nodes { id key title priority status openedAt holder { name } bonds { party { name } vendorRef } }
    pageInfo { hasNextPage endCursor }
  }
}`),
  tab(
    `
# Declare the P1 of the outage: credential stuffing on Online Checkout, held by Sentinel SecOps.
# Copy Sentinel's id from the first tab. Declaring twice with the same clientKey returns the same incident.
mutation Declare($holder: ID!) {
  declareIncident(input: {
    clientKey: "sen-5521"
    title: "Credential stuffing against checkout"
    priority: P1
    holderPartyId: $holder
    openedAt: "2026-03-06T20:00:00Z"
  }) { id key status holder { name } }
}`,
    { holder: '<Sentinel SecOps id>' }
  ),
  tab(
    `
# Who held the baton when, every hand-off, escalation and ledger entry of one incident.
query Incident($key: String!) {
  incidentByKey(key: $key) {
    key title status priority
    custody { party { name } desk { name } from to state waitingOn { name } reason }
    handoffs { from { name } to { name } state offeredAt respondedAt reason }
    escalations { at step reason party { name } recipients }
    timeline(first: 50) { nodes { seq at type actor data } }
  }
}`,
    { key: 'INC-1000' }
  ),
  tab(
    `
# ADMIN: change a desk's roster. The answer lists the escalation steps the change leaves reaching
# nobody (here Vistula's duty manager leaves the P1 desk); put them back to close the hole.
# Every admin change is in the audit trail: { worldChanges { at actor mutation subject } }
mutation Roster($vistula: ID!) {
  upsertDesk(partyId: $vistula, input: {
    slug: "p1-on-call", name: "P1 on-call", calendar: "warsaw-24x7"
    contacts: [{ slug: "vistula-oncall", name: "Vistula on-call", roles: ["on-call"], channels: [{ kind: EMAIL, address: "oncall@vistula.example" }] }]
  }) {
    desk { slug priorities }
    coverageWarnings { step message hole { target reason ranges } }
    change { mutation afterHash }
  }
}`,
    { vistula: '<Vistula Software id>' }
  ),
  tab(`
# Recompute the hash chain of the whole ledger.
{ verifyLedger { ok entriesChecked firstBrokenEntry { seq type } } }`),
]

export const tokenHelpHtml = `
<strong>Baton console.</strong>
Every request needs a bearer token: put <code>{"Authorization": "Bearer &lt;token&gt;"}</code> in the
<em>Headers</em> pane below. <code>npm start</code> prints a bootstrap ADMIN token; an ADMIN creates more with
<code>createApiToken</code> (ADMIN, INTEGRATOR, VIEWER, or VENDOR for one vendor party). Tokens are shown once and
stored only as a hash. A VENDOR token sees only incidents bonded to its vendor.`
