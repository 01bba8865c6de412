import { formatIsoDuration, parseIsoDuration, type World } from '@baton/domain'

const scale = (iso: string, factor: number) =>
  formatIsoDuration(Math.round(parseIsoDuration(iso) * factor))

/**
 * The same world with every agreement target and ladder duration multiplied by `factor`, so a
 * 15-minute OLA runs in a fraction of a second in tests (durations are workflow inputs).
 */
export function scaleWorldDurations<W extends Pick<World, 'agreements' | 'ladders'>>(
  world: W,
  factor: number
): W {
  return {
    ...world,
    agreements: world.agreements.map((a) => ({
      ...a,
      targets: a.targets.map((t) => ({ ...t, duration: scale(t.duration, factor) })),
    })),
    ladders: world.ladders.map((l) => ({
      ...l,
      steps: l.steps.map((s) => ({
        ...s,
        ...(s.after ? { after: scale(s.after, factor) } : {}),
        ...(s.afterBusiness ? { afterBusiness: scale(s.afterBusiness, factor) } : {}),
        ...(s.repeat ? { repeat: { ...s.repeat, every: scale(s.repeat.every, factor) } } : {}),
      })),
    })),
  }
}
