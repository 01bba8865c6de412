import {
  existsSync,
  lstatSync,
  mkdirSync,
  readFileSync,
  realpathSync,
  writeFileSync,
} from 'node:fs'
import { isAbsolute, join, relative, sep } from 'node:path'
import type { ExportReader } from '@baton/db'

/**
 * Reads files of an export directory by name, confined to it: a name that is absolute, holds a
 * path separator or `..`, or resolves (through a symlink) outside the directory is refused
 * (the reader throws), never read. A missing file is null.
 */
export function exportDirReader(dir: string): ExportReader {
  const root = realpathSync(dir)
  return (name) => {
    if (
      name === '' ||
      isAbsolute(name) ||
      name.includes('/') ||
      name.includes('\\') ||
      name.split(/[/\\]/).includes('..') ||
      name === '.'
    )
      throw new Error(`'${name}' is not a plain file name in the export directory`)
    const path = join(root, name)
    if (!existsSync(path)) {
      try {
        lstatSync(path)
      } catch {
        return null
      }
    }
    const real = realpathSync(path)
    const rel = relative(root, real)
    if (rel === '' || rel.startsWith('..') || isAbsolute(rel) || rel.includes(sep))
      throw new Error(`'${name}' leads outside the export directory`)
    if (!lstatSync(real).isFile()) throw new Error(`'${name}' is not a regular file`)
    return readFileSync(real, 'utf8')
  }
}

/** Writes every file of an export (data, manifest, signature, public key) into `dir`. */
export function writeExport(dir: string, files: Record<string, string>): void {
  mkdirSync(dir, { recursive: true })
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text)
}
