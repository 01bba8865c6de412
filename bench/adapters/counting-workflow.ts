import { condition, setHandler } from '@temporalio/workflow'
import { vendorEventsSignal } from '@baton/temporal'

/**
 * The engine's own limit: an empty workflow that only counts the vendorEvents messages it is
 * signalled and completes once it has `expected` of them (the bench's bare-engine phase).
 */
export async function countingWorkflow(expected: number): Promise<number> {
  let count = 0
  setHandler(vendorEventsSignal, ({ messages }) => {
    count += messages.length
  })
  await condition(() => count >= expected)
  return count
}
