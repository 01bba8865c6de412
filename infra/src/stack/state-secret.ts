import { randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { stateDir } from './state-dir.ts'

/** The environment's value, else 32 random bytes (base64) generated once into `<state dir>/<file>` (mode 600). */
export function resolveStateSecret(
  projectRoot: string,
  fromEnv: string | undefined,
  file: string
): string {
  if (fromEnv) return fromEnv
  const path = join(stateDir(projectRoot), file)
  if (!existsSync(path)) {
    mkdirSync(dirname(path), { recursive: true })
    writeFileSync(path, randomBytes(32).toString('base64'), { mode: 0o600 })
  }
  return readFileSync(path, 'utf8').trim()
}
