import { ladderCoverage, type World } from '@baton/domain'

const key = (party: string, priority: string, step: number, target: string, reason: string) => `${party} ${priority} step ${step}: ${target} ${reason}`

/** Ladder holes the new world has that the old one did not: what an admin change just opened. */
export function newCoverageHoles(before: World | null, after: World): string[] {
  const holes = (w: World) => new Map(w.parties.filter((p) => w.ladders.some((l) => l.party === p.slug)).flatMap((p) => ladderCoverage(w, p.slug).flatMap((s) =>
    s.holes.map((h) => [key(s.party, s.priority, s.step, h.target, h.reason), `${key(s.party, s.priority, s.step, h.target, h.reason)} (${h.ranges.slice(0, 3).join(', ')}${h.ranges.length > 3 ? ', …' : ''})`] as const))))
  const old = before ? holes(before) : new Map<string, string>()
  return [...holes(after)].filter(([k]) => !old.has(k)).map(([, text]) => text)
}
