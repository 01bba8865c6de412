#!/usr/bin/env node
// `npm run bench`: every bench/**/*.bench.ts in turn; each prints its figures beside a same-run baseline.
// NODE_ENV=production unless set, as in the container image (graphql, for one, checks less then).
import { readdirSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { spawnSync } from 'node:child_process'
import { ensureConsoleBuilt, ensureDeps, projectRoot } from './ensure-deps.mjs'

ensureDeps()
if (!ensureConsoleBuilt()) process.exit(1)
const walk = (dir) =>
  readdirSync(dir).flatMap((n) => {
    const p = join(dir, n)
    return statSync(p).isDirectory() ? walk(p) : [p]
  })
const only = process.argv[2]
const benches = walk(join(projectRoot, 'bench'))
  .filter((f) => f.endsWith('.bench.ts') && (!only || relative(projectRoot, f).includes(only)))
  .sort()
let failed = 0
for (const file of benches) {
  console.log(`\n=== ${relative(projectRoot, file)}`)
  const r = spawnSync(process.execPath, ['--import', 'tsx', file], {
    cwd: projectRoot,
    stdio: 'inherit',
    env: { ...process.env, TZ: 'UTC', NODE_ENV: process.env.NODE_ENV ?? 'production' },
  })
  if (r.status !== 0) failed++
}
process.exit(failed ? 1 : 0)
