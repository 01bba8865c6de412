import { spawn, type ChildProcess } from 'node:child_process'
import { createInterface } from 'node:readline'

export type Service = { name: string; child: ChildProcess; stop: () => Promise<void> }

/** Runs a TypeScript entry point under tsx, prefixing its log lines with the service name. */
export function spawnService(
  name: string,
  entry: string,
  env: NodeJS.ProcessEnv,
  cwd: string,
  onLine?: (name: string, line: string) => void
): Service {
  const child = spawn(process.execPath, ['--import', 'tsx', entry], {
    cwd,
    env: { ...process.env, ...env, TZ: 'UTC' },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
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
