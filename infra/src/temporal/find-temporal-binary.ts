import { spawn } from 'node:child_process'
import { accessSync, constants, copyFileSync, mkdirSync } from 'node:fs'
import { homedir } from 'node:os'
import { delimiter, join } from 'node:path'

export const TEMPORAL_CLI_MODULE = 'github.com/temporalio/cli/cmd/temporal@v1.5.1'

const executable = (path: string) => {
  try {
    accessSync(path, constants.X_OK)
    return true
  } catch {
    return false
  }
}
export const userCacheDir = () =>
  join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'baton')

/** The lookup order (docs/interfaces.md, "Commands"): TEMPORAL_CLI_PATH, PATH, .baton/bin, the per-user cache. */
export function findTemporalBinary(projectRoot: string): string | null {
  const candidates = [
    process.env.TEMPORAL_CLI_PATH,
    ...(process.env.PATH ?? '')
      .split(delimiter)
      .filter(Boolean)
      .map((dir) => join(dir, 'temporal')),
    join(projectRoot, '.baton', 'bin', 'temporal'),
    join(userCacheDir(), 'temporal'),
  ]
  return candidates.find((c): c is string => !!c && executable(c)) ?? null
}

/**
 * Finds the dev server binary or builds it with `go install` (minutes the first time), keeping a
 * copy in the per-user cache so the next fresh clone on this machine does not build it again.
 */
export async function ensureTemporalBinary(
  projectRoot: string,
  log: (line: string) => void = console.log,
  signal?: AbortSignal
): Promise<string> {
  const found = findTemporalBinary(projectRoot)
  if (found) return found
  const gobin = join(projectRoot, '.baton', 'bin')
  mkdirSync(gobin, { recursive: true })
  const go =
    ['go', '/usr/local/go/bin/go'].find((g) => (g.includes('/') ? executable(g) : true)) ?? 'go'
  log(
    `Temporal CLI not found; building ${TEMPORAL_CLI_MODULE} with go install into ${gobin} (first time takes a few minutes)…`
  )
  const started = Date.now()
  await new Promise<void>((resolve, reject) => {
    // An abort (Ctrl-C during start-up) kills go install; the next start picks up its build cache.
    const child = spawn(go, ['install', '-v', TEMPORAL_CLI_MODULE], {
      env: { ...process.env, GOBIN: gobin },
      stdio: ['ignore', 'pipe', 'pipe'],
      signal,
    })
    let lines = 0
    const tick = setInterval(
      () =>
        log(
          `  …still building (${Math.round((Date.now() - started) / 1000)} s, ${lines} packages so far)`
        ),
      15_000
    )
    const onData = (chunk: Buffer) => {
      lines += chunk.toString().split('\n').filter(Boolean).length
    }
    child.stdout.on('data', onData)
    child.stderr.on('data', onData)
    child.on('error', (e) => {
      clearInterval(tick)
      if (signal?.aborted) return reject(signal.reason)
      reject(
        new Error(
          `cannot run go (${e.message}). Install Go 1.23+ or set TEMPORAL_CLI_PATH to a temporal binary, or TEMPORAL_ADDRESS to a running server.`
        )
      )
    })
    child.on('exit', (code) => {
      clearInterval(tick)
      if (code === 0) resolve()
      else reject(new Error(`go install ${TEMPORAL_CLI_MODULE} exited with ${code}`))
    })
  })
  const built = join(gobin, 'temporal')
  mkdirSync(userCacheDir(), { recursive: true })
  copyFileSync(built, join(userCacheDir(), 'temporal'))
  log(
    `Temporal CLI built in ${Math.round((Date.now() - started) / 1000)} s (cached in ${userCacheDir()})`
  )
  return built
}
