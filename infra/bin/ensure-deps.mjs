// Installs node modules on a fresh clone (npm ci against the committed lock file).
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
import { join, resolve } from 'node:path'

export const projectRoot = resolve(import.meta.dirname, '../..')

export function ensureDeps() {
  const marker = join(projectRoot, 'node_modules', '.package-lock.json')
  const tsx = join(projectRoot, 'node_modules', 'tsx')
  if (existsSync(marker) && existsSync(tsx)) return
  console.log('Installing node modules (npm ci)…')
  const r = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], {
    cwd: projectRoot,
    stdio: 'inherit',
  })
  if (r.status !== 0) {
    console.error('npm ci failed')
    process.exit(r.status ?? 1)
  }
}

/**
 * Runs a command in the foreground and exits with its status. Ctrl-C (SIGINT) and a closing
 * terminal (SIGHUP) reach the child through the process group, so here they are only kept from
 * killing this process first. SIGTERM usually comes from a supervisor or npm to this process
 * alone: it is passed on, so the child can stop what it started.
 */
export function runForeground(cmd, args, env = {}, o = {}) {
  const child = spawn(cmd, args, {
    cwd: projectRoot,
    // o.tieStdin: the child's stdin is a pipe held here, so that it sees this process end
    // however it ends, SIGKILL included (infra/src/stack/stop-with-launcher.mjs watches it).
    stdio: [o.tieStdin ? 'pipe' : 'inherit', 'inherit', 'inherit'],
    env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1', ...env },
  })
  for (const s of ['SIGINT', 'SIGHUP']) process.on(s, () => {})
  process.on('SIGTERM', () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM')
  })
  child.on('error', (error) => {
    console.error(`cannot run ${cmd}: ${error.message}`)
    process.exit(1)
  })
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)))
}

/** The newest modification time (ms) of a file or of any file under a directory; 0 when absent. */
function newestMtime(path) {
  let info
  try {
    info = statSync(path)
  } catch {
    return 0
  }
  if (!info.isDirectory()) return info.mtimeMs
  return readdirSync(path).reduce(
    (newest, name) => Math.max(newest, newestMtime(join(path, name))),
    info.mtimeMs
  )
}

/**
 * Builds the web console (services/console -> dist, which the gateway serves) when its sources
 * are newer than its build. Skipped when the package is absent or BATON_SKIP_CONSOLE_BUILD=1.
 * Returns false when the build failed.
 */
export function ensureConsoleBuilt() {
  const dir = join(projectRoot, 'services', 'console')
  if (!existsSync(join(dir, 'package.json')) || process.env.BATON_SKIP_CONSOLE_BUILD === '1')
    return true
  const sources = [
    'src',
    'index.html',
    'package.json',
    'public',
    ...readdirSync(dir).filter((n) => n.startsWith('vite.config.')),
  ]
  const newestSource = Math.max(...sources.map((s) => newestMtime(join(dir, s))))
  const built = newestMtime(join(dir, 'dist', 'index.html'))
  if (built > newestSource) return true
  console.log(
    built
      ? "The console's sources changed since its build: building it (npm run build -w @baton/console)…"
      : 'Building the console (npm run build -w @baton/console)…'
  )
  const started = Date.now()
  const r = spawnSync('npm', ['run', 'build', '-w', '@baton/console'], {
    cwd: projectRoot,
    stdio: 'inherit',
    env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1' },
  })
  if (r.status !== 0) {
    console.error('The console build failed (see above).')
    return false
  }
  console.log(`Console built in ${((Date.now() - started) / 1000).toFixed(1)} s.`)
  return true
}
