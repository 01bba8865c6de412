import { describe, expect, it } from 'vitest'
import { SignalledMarks } from './signalled-marks.ts'

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

describe('SignalledMarks', () => {
  it('writes a full batch at once and the rest after the delay, each receipt once, in order', async () => {
    const writes: string[][] = []
    const marks = new SignalledMarks(
      async (r) => {
        writes.push(r)
      },
      { maxBatch: 3, delayMs: 30 }
    )
    for (const r of ['a', 'b', 'c', 'd']) marks.add(r)
    await sleep(0)
    expect(writes).toEqual([['a', 'b', 'c']])
    await sleep(60)
    expect(writes).toEqual([['a', 'b', 'c'], ['d']])
  })

  it('flush writes what waits and resolves after every earlier batch is written', async () => {
    const writes: string[][] = []
    let release!: () => void
    const slow = new Promise<void>((r) => {
      release = r
    })
    const marks = new SignalledMarks(
      async (r) => {
        if (r[0] === 'a') await slow
        writes.push(r)
      },
      { maxBatch: 1, delayMs: 10_000 }
    )
    marks.add('a')
    const flushed = marks.flush()
    marks.add('b')
    let done = false
    const all = marks.flush().then(() => {
      done = true
    })
    await sleep(10)
    expect(done).toBe(false)
    release()
    await Promise.all([flushed, all])
    expect(writes).toEqual([['a'], ['b']])
  })

  it('reports a failed batch instead of throwing, and goes on with the next one', async () => {
    const failed: number[] = []
    const writes: string[][] = []
    const marks = new SignalledMarks(
      async (r) => {
        if (r.includes('bad')) throw new Error('store away')
        writes.push(r)
      },
      { delayMs: 5, onError: (_, n) => failed.push(n) }
    )
    marks.add('bad')
    marks.add('x')
    await marks.flush()
    marks.add('y')
    await marks.flush()
    expect(failed).toEqual([2])
    expect(writes).toEqual([['y']])
  })
})
