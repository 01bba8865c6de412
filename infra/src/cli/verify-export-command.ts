import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { verifyPartyExport, type ExportVerification } from '@baton/db'
import { exportDirReader } from './export-dir.ts'

const cwd = () => process.env.INIT_CWD ?? process.cwd()

/** `--public-key <pem file>`: the key to check the signature with, instead of the export's own. */
export function pinnedKeyOf(args: string[]): string | undefined {
  const i = args.indexOf('--public-key')
  return i >= 0 && args[i + 1] ? readFileSync(resolve(cwd(), args[i + 1]!), 'utf8') : undefined
}

/** Offline: needs no database, only the export directory (and, pinned, Baton's public key). */
export function verifyExportDir(dir: string, publicKeyPem?: string): ExportVerification {
  return verifyPartyExport(exportDirReader(dir), publicKeyPem === undefined ? {} : { publicKeyPem })
}

/** `verify-export <dir> [--public-key pem]`: signature, confined file names, hashes, chains, heads. */
export async function verifyExportCommand(args: string[]): Promise<number> {
  const target = args.find((a, i) => !a.startsWith('--') && args[i - 1] !== '--public-key')
  if (!target) {
    console.error(
      'verify-export needs the export directory: verify-export <dir> [--public-key baton-export-key.pem]'
    )
    return 2
  }
  const pinned = pinnedKeyOf(args)
  const v = verifyExportDir(resolve(cwd(), target), pinned)
  const who = `signed by key ${v.signature.keyId ?? '?'}${v.signature.pinned ? ' (the pinned key)' : ' (the key in the export: compare it with GET /.well-known/baton-export-key, or pass --public-key)'}`
  if (v.ok) {
    console.log(
      `export OK: ${who}; ${v.filesChecked} files, ${v.entriesChecked} ledger entries over ${v.incidents} incidents verified${v.redactedEntries ? ` (${v.redactedEntries} redacted: links checked, content vouched for by the signature)` : ''}`
    )
    return 0
  }
  for (const p of v.problems)
    console.log(
      `BROKEN ${p.file}${p.line ? `:${p.line}` : ''}${p.incidentId ? ` incident=${p.incidentId} seq=${p.seq}` : ''}: ${p.message}`
    )
  return 3
}
