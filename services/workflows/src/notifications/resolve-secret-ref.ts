import { readFileSync } from 'node:fs'

/** Resolves a contact webhook's secret reference ('env:NAME' or 'file:path'); the value is never logged. */
export function resolveSecretRef(ref: string): string {
  if (ref.startsWith('env:')) {
    const value = process.env[ref.slice(4)]
    if (!value) throw new Error(`secret reference ${ref}: the environment variable is not set`)
    return value
  }
  if (ref.startsWith('file:')) return readFileSync(ref.slice(5), 'utf8').trim()
  throw new Error(`secret reference '${ref}' is neither env: nor file:`)
}
