// Installs node modules on a fresh clone (npm ci against the committed lock file).
import { spawn, spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join, resolve } from 'node:path'

export const projectRoot = resolve(import.meta.dirname, '../..')

export function ensureDeps() {
  const marker = join(projectRoot, 'node_modules', '.package-lock.json')
  const tsx = join(projectRoot, 'node_modules', 'tsx')
  if (existsSync(marker) && existsSync(tsx)) return
  console.log('Installing node modules (npm ci)…')
  const r = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: projectRoot, stdio: 'inherit' })
  if (r.status !== 0) { console.error('npm ci failed'); process.exit(r.status ?? 1) }
}

/**
 * Runs a command in the foreground and exits with its status. Ctrl-C (SIGINT) and a closing
 * terminal (SIGHUP) reach the child through the process group, so here they are only kept from
 * killing this process first. SIGTERM usually comes from a supervisor or npm to this process
 * alone: it is passed on, so the child can stop what it started.
 */
export function runForeground(cmd, args, env = {}) {
  const child = spawn(cmd, args, { cwd: projectRoot, stdio: 'inherit', env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1', ...env } })
  for (const s of ['SIGINT', 'SIGHUP']) process.on(s, () => {})
  process.on('SIGTERM', () => { if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM') })
  child.on('error', (error) => { console.error(`cannot run ${cmd}: ${error.message}`); process.exit(1) })
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)))
}
