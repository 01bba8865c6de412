import { advanceClockUpdate, commandUpdate, type IncidentCommand } from '@baton/temporal'
import type { DeclareOptions, Harness } from './e2e-harness.ts'

// docs/scenario.md's outage played on frozen simulated incident clocks that the test moves from one
// scenario instant to the next: deterministic however slow the machine.

/** An incident command without its `at`: the test says when. */
export type Cmd = IncidentCommand extends infer C
  ? C extends { at: string }
    ? Omit<C, 'at'>
    : never
  : never
type Declared = Pick<Awaited<ReturnType<Harness['declare']>>, 'handle'>

/** `hh:mm` in New York (EST = UTC-5) on `day` (the outage's Friday unless named), as an ISO instant. */
export const NY = (hhmm: string, day = '2026-03-06') => {
  const [hh, mm] = hhmm.split(':').map(Number)
  const d = new Date(`${day}T00:00:00.000Z`)
  d.setUTCHours(hh! + 5, mm!)
  return d.toISOString()
}
/** A simulated clock at `origin` that all but stands still until the test advances it. */
export const frozen = (origin: string) => ({ origin, speed: 0.001, advancedMs: 0 })
/** Moves the incident's clock to `iso` (a move backwards is refused by the workflow and ignored here). */
export const advance = async (inc: Declared, iso: string) => {
  await inc.handle.executeUpdate(advanceClockUpdate, { args: [{ to: iso }] }).catch(() => undefined)
}
/** Moves the incident's clock to `iso` and runs the command there; resolves to the update's result. */
export const commandAt = async (inc: Declared, iso: string, c: Cmd) => {
  await advance(inc, iso)
  return inc.handle.executeUpdate(commandUpdate, { args: [{ ...c, at: iso } as IncidentCommand] })
}
/**
 * docs/scenario.md's P1 as Northwind declares it (Sentinel holds it, online checkout is down) on a
 * clock frozen at `openedAt`: Friday 15:00 in New York unless named.
 */
export const outageP1 = (clientKey: string, openedAt = NY('15:00')): DeclareOptions => ({
  clientKey,
  title: 'Credential stuffing against checkout',
  priority: 'P1',
  holder: 'sentinel',
  service: 'online-checkout',
  openedAt,
  clock: frozen(openedAt),
})
/**
 * docs/scenario.md's linked P2 as Northwind declares it at 15:30 in New York (Bayside holds it, store
 * staff cannot log in) under the P1 `parentKey`, on a clock frozen there.
 */
export const outageP2 = (clientKey: string, parentKey: string): DeclareOptions => ({
  clientKey,
  title: 'Store staff cannot log in',
  priority: 'P2',
  holder: 'bayside',
  parentKey,
  openedAt: NY('15:30'),
  clock: frozen(NY('15:30')),
})
