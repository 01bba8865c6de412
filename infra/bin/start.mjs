#!/usr/bin/env node
// `npm start`: install what is missing, build the console if its sources changed, then run the
// stack (infra/src/stack/main.ts) until Ctrl-C.
import { ensureConsoleBuilt, ensureDeps, runForeground } from './ensure-deps.mjs'

ensureDeps()
// A failed console build still leaves the API up: the gateway's pages then say how to build it.
if (!ensureConsoleBuilt()) console.error('Starting without a fresh console build.')
// The stack stops as on SIGTERM when this process goes away, SIGKILL included (stop-with-launcher).
runForeground(
  process.execPath,
  [
    '--import',
    'tsx',
    '--import',
    './infra/src/stack/stop-with-launcher.mjs',
    'infra/src/stack/main.ts',
    ...process.argv.slice(2),
  ],
  {},
  { tieStdin: true }
)
