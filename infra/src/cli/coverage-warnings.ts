import { coverageWarnings, type World } from '@baton/domain'

/** Ladder holes the new world has that the old one did not, one line each (the domain's diff, shared with the admin mutations). */
export function newCoverageHoles(before: World | null, after: World): string[] {
  return coverageWarnings(before, after).map((w) => w.message)
}
