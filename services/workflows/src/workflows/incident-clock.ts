import { workflowInfo } from '@temporalio/workflow'
import type { IncidentWorkflowInput, SimulatedClockState } from '@baton/temporal'

/**
 * The incident's notion of now. Real incidents use workflow time; a simulated one (demo, training)
 * maps real elapsed time through its speed from its origin. Timers convert back to real time.
 */
export class IncidentClock {
  private readonly realOrigin: number
  private advancedMs: number

  constructor(private readonly sim: IncidentWorkflowInput['clock']) {
    this.realOrigin = sim?.realOrigin
      ? Date.parse(sim.realOrigin)
      : workflowInfo().startTime.getTime()
    this.advancedMs = sim?.advancedMs ?? 0
  }

  get simulated(): boolean {
    return !!this.sim
  }

  now(): Date {
    if (!this.sim) return new Date()
    // simulatedNowMs (@baton/temporal), on the parsed figures: this runs for every timer and event.
    return new Date(
      Date.parse(this.sim.origin) +
        (Date.now() - this.realOrigin) * this.sim.speed +
        this.advancedMs
    )
  }

  /** Real milliseconds until the incident's clock reaches `at`. */
  realDelayUntil(at: Date): number {
    const ms = at.getTime() - this.now().getTime()
    return Math.max(1, Math.ceil(ms / (this.sim?.speed ?? 1)))
  }

  advanceTo(to: Date): void {
    const ms = to.getTime() - this.now().getTime()
    if (ms > 0) this.advancedMs += ms
  }

  /** The simulated clock as persisted with the projection (undefined for a real incident). */
  state(): SimulatedClockState | undefined {
    return this.sim
      ? {
          origin: this.sim.origin,
          realOrigin: new Date(this.realOrigin).toISOString(),
          speed: this.sim.speed,
          advancedMs: this.advancedMs,
        }
      : undefined
  }

  carried(): IncidentWorkflowInput['clock'] {
    return this.sim
      ? {
          ...this.sim,
          realOrigin: new Date(this.realOrigin).toISOString(),
          advancedMs: this.advancedMs,
        }
      : undefined
  }
}
