import { resolve } from 'node:path'
import { exportParty } from '@baton/db'
import { resolveSigningKey } from '../stack/signing-key.ts'
import { openCliDatabase } from './cli-database.ts'
import { writeExport } from './export-dir.ts'

/** `export <party> [--out dir]`: what that party may see, as NDJSON files + a signed manifest.json. */
export async function exportCommand(args: string[], projectRoot: string): Promise<number> {
  const party = args.find((a) => !a.startsWith('--') && args[args.indexOf(a) - 1] !== '--out')
  if (!party) {
    console.error('export needs a party slug: npm run baton -- export stratus [--out dir]')
    return 2
  }
  const outArg = args.includes('--out') ? args[args.indexOf('--out') + 1] : undefined
  const cwd = process.env.INIT_CWD ?? process.cwd()
  const signingKey = resolveSigningKey(projectRoot)
  const db = await openCliDatabase(projectRoot)
  try {
    const ex = await exportParty(db.db, party, { signingKey })
    const dir = resolve(
      cwd,
      outArg ?? `baton-export-${party}-${ex.manifest.exportedAt.replace(/[:.]/g, '-')}`
    )
    writeExport(dir, ex.files)
    console.log(
      `Exported ${party} (${ex.manifest.view === 'full' ? 'the whole record' : 'its own view, other parties redacted'}) to ${dir}:`
    )
    for (const f of ex.manifest.files)
      console.log(
        `  ${f.name.padEnd(22)} ${String(f.count).padStart(7)}  sha256 ${f.sha256.slice(0, 16)}…`
      )
    console.log(
      `  manifest.json signed with Ed25519 key ${ex.manifest.keyId} (manifest.sig; public key in export-key.pem)`
    )
    for (const b of ex.manifest.ledger.brokenAtExport)
      console.error(
        `BROKEN ledger incident=${b.incidentId} seq=${b.seq}: ${b.message} (recorded in the signed manifest; verify-export fails at this entry)`
      )
    return 0
  } finally {
    await db.release()
  }
}
