#!/usr/bin/env node
// `npm start`: install what is missing, then run the stack (infra/src/stack/main.ts) until Ctrl-C.
import { ensureDeps, runForeground } from './ensure-deps.mjs'

ensureDeps()
runForeground(process.execPath, ['--import', 'tsx', 'infra/src/stack/main.ts', ...process.argv.slice(2)])
