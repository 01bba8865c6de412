import { resolve } from 'node:path'
import { ensureTemporalBinary } from './find-temporal-binary.ts'

// Used by `npm test` before vitest, so the first build's progress is visible on the console.
if (process.env.TEMPORAL_ADDRESS) process.exit(0)
const binary = await ensureTemporalBinary(resolve(import.meta.dirname, '../../..'))
console.log(`Temporal dev server: ${binary}`)
