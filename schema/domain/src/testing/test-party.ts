/** A party of a test world: one desk on the 24x7 UTC calendar, `extra` (its authority, …) on top. */
export const testParty = (slug: string, kind: string, extra: object = {}) => ({
  slug,
  name: slug,
  kind,
  desks: [{ slug: 'd', name: 'D', calendar: '24x7-utc' }],
  ...extra,
})
