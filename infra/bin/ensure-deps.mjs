// Installs node modules on a fresh clone (npm ci against the committed lock file).
import { spawnSync } from 'node:child_process'
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

/** Runs a command in the foreground; Ctrl-C reaches it through the process group, we just wait. */
export function runForeground(cmd, args, env = {}) {
  for (const s of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(s, () => {})
  const r = spawnSync(cmd, args, { cwd: projectRoot, stdio: 'inherit', env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1', ...env } })
  process.exit(r.status ?? (r.signal ? 1 : 0))
}
