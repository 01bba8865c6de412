/**
 * The incident workflow's dedup key for a vendor event: the vendor's message id is unique per party
 * only, and the n-th replay of a dead letter is a new message (`#r<n>`): the workflow has seen the
 * earlier ones, and the intake, the sweeper and a replay all derive the same key for the same attempt.
 */
export const signalMessageId = (partySlug: string, messageId: string, replays = 0) =>
  `${partySlug}/${messageId}${replays > 0 ? `#r${replays}` : ''}`
