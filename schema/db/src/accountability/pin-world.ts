import type { World } from '@baton/domain'

/** The slice of a world an incident opened at `at` binds to: per agreement, the newest version in force then. */
export function pinWorld(world: World, at: string): World {
  const inForce = new Map<string, World['agreements'][number]>()
  for (const a of world.agreements) {
    if (Date.parse(a.effectiveFrom) > Date.parse(at)) continue
    const seen = inForce.get(a.slug)
    if (!seen || seen.version < a.version) inForce.set(a.slug, a)
  }
  return { ...world, agreements: [...inForce.values()] }
}
