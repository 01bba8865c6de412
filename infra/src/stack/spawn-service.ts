import { spawn, type ChildProcess } from 'node:child_process'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'

/** Stops a service when its launcher's end of the service's stdin closes (see the file). */
const STOP_WITH_LAUNCHER = fileURLToPath(new URL('./stop-with-launcher.mjs', import.meta.url))

export type Service = { name: string; child: ChildProcess; stop: () => Promise<void> }

/**
 * Runs a TypeScript entry point under tsx, prefixing its log lines with the service name. The
 * service stops when this process ends, however it ends: it watches the stdin pipe held here.
 */
export function spawnService(
  name: string,
  entry: string,
  env: NodeJS.ProcessEnv,
  cwd: string,
  onLine?: (name: string, line: string) => void
): Service {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', '--import', STOP_WITH_LAUNCHER, entry],
    {
      cwd,
      env: { ...process.env, ...env, TZ: 'UTC' },
      stdio: ['pipe', 'pipe', 'pipe'],
    }
  )
  for (const stream of [child.stdout, child.stderr]) {
    if (!stream) continue
    createInterface({ input: stream }).on('line', (line) => onLine?.(name, line))
  }
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve()
      const force = setTimeout(() => child.kill('SIGKILL'), 10_000)
      child.once('exit', () => {
        clearTimeout(force)
        resolve()
      })
      child.kill('SIGTERM')
    })
  return { name, child, stop }
}
