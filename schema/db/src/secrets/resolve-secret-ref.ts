import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'

/**
 * Resolves a secret reference ('env:NAME' or 'file:path', relative to baseDir) from a world file or a
 * contact channel; the value is never logged.
 */
export function resolveSecretRef(ref: string, baseDir: string = process.cwd()): string {
  if (ref.startsWith('env:')) {
    const name = ref.slice(4)
    const value = process.env[name]
    if (!value) throw new Error(`secret reference ${ref}: environment variable ${name} is not set`)
    return value
  }
  if (ref.startsWith('file:')) return readFileSync(resolve(baseDir, ref.slice(5)), 'utf8').trim()
  throw new Error(`secret reference '${ref}' is not env: or file:`)
}
