#!/usr/bin/env node
// `npm test`: install what is missing (node modules, the Temporal dev server), build the console
// if its sources changed (the browser tests load it from the gateway), then vitest.
import { spawnSync } from 'node:child_process'
import { ensureConsoleBuilt, ensureDeps, runForeground } from './ensure-deps.mjs'

ensureDeps()
if (!ensureConsoleBuilt()) process.exit(1)
const cli = spawnSync(process.execPath, ['--import', 'tsx', 'infra/src/temporal/ensure-cli.ts'], {
  stdio: 'inherit',
})
if (cli.status !== 0) process.exit(cli.status ?? 1)
runForeground(
  process.execPath,
  ['node_modules/vitest/vitest.mjs', 'run', ...process.argv.slice(2)],
  { TZ: 'UTC' }
)
