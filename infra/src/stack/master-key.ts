import { randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { stateDir } from './state-dir.ts'

/** BATON_MASTER_KEY, else one generated once into .baton/master.key (mode 600; see stateDir) for the embedded default. */
export function resolveMasterKey(projectRoot: string): string {
  if (process.env.BATON_MASTER_KEY) return process.env.BATON_MASTER_KEY
  const file = join(stateDir(projectRoot), 'master.key')
  if (!existsSync(file)) {
    mkdirSync(dirname(file), { recursive: true })
    writeFileSync(file, randomBytes(32).toString('base64'), { mode: 0o600 })
  }
  return readFileSync(file, 'utf8').trim()
}
