import { existsSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { verifyPartyExport, type ExportManifest, type ExportVerification } from '@baton/db'

/** Offline: needs no database, only the export directory. */
export function verifyExportDir(dir: string): ExportVerification {
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as ExportManifest
  return verifyPartyExport(manifest, (name) => (existsSync(join(dir, name)) ? readFileSync(join(dir, name), 'utf8') : null))
}

/** `verify-export <dir>`: file hashes against the manifest and each incident's ledger hash chain. */
export async function verifyExportCommand(args: string[]): Promise<number> {
  if (!args[0]) { console.error('verify-export needs the export directory'); return 2 }
  const dir = resolve(process.env.INIT_CWD ?? process.cwd(), args[0])
  const v = verifyExportDir(dir)
  if (v.ok) { console.log(`export OK: ${v.filesChecked} files, ${v.entriesChecked} ledger entries over ${v.incidents} incidents verified`); return 0 }
  for (const p of v.problems) console.log(`BROKEN ${p.file}${p.line ? `:${p.line}` : ''}${p.incidentId ? ` incident=${p.incidentId} seq=${p.seq}` : ''}: ${p.message}`)
  return 3
}
