/** The console queries that show the outcome of the played outage (docs/scenario.md's last paragraph). */
export function outcomeQueries(
  p1: { id: string; key: string },
  p2?: { id: string; key: string }
): string {
  return `
Open the console and run these (header  Authorization: Bearer <admin token>):

# Who held the baton when, every clock in its own calendar, breaches and their attribution,
# the hops and the ping-pong, the escalations, and every message in and out of each bond:
{
  incident(id: "${p1.id}") {
    key title priority status openedAt resolvedAt
    custody { party { name } desk { name } from to state waitingOn { name } reason }
    handoffs { id from { name } to { name } state offeredAt respondedAt reason }
    clocks { agreement { slug version kind } party { name } metric target elapsed remaining deadline state breachedAt attributedTo { name } cycle }
    escalations { at reason step party { name } recipients }
    bonds { party { name } vendorRef state }
    timeline(first: 200) { edges { node { seq at type actor hash } } }
  }
}

# The linked P2 (Bayside, follow-the-sun):
{ incident(id: "${p2?.id ?? '<p2 id>'}") { key status custody { party { name } from to } clocks { party { name } metric state elapsed remaining } } }

# The hash chain verifies:
{ verifyLedger(incidentId: "${p1.id}") { ok entriesChecked firstBrokenEntry { seq type } } }

# Credits Stratus and Vistula owe under their UCs (scorecard for March 2026):
{ parties { id slug name } }   # then: { scorecard(partyId: "<stratus id>", from: "2026-03-01T00:00:00Z", to: "2026-04-01T00:00:00Z") { ... } }

From a shell: npm run baton -- ledger verify ${p1.id}
Escalation e-mails: .baton/mailbox/*.eml
`
}
