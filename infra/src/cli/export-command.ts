import { mkdirSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { exportParty } from '@baton/db'
import { openCliDatabase } from './cli-database.ts'

/** `export <party> [--out dir]`: NDJSON files + manifest.json (counts and sha256 per file). */
export async function exportCommand(args: string[], projectRoot: string): Promise<number> {
  const party = args.find((a) => !a.startsWith('--') && args[args.indexOf(a) - 1] !== '--out')
  if (!party) { console.error('export needs a party slug: npm run baton -- export stratus [--out dir]'); return 2 }
  const outArg = args.includes('--out') ? args[args.indexOf('--out') + 1] : undefined
  const cwd = process.env.INIT_CWD ?? process.cwd()
  const db = await openCliDatabase(projectRoot)
  try {
    const ex = await exportParty(db.db, party)
    const dir = resolve(cwd, outArg ?? `baton-export-${party}-${ex.manifest.exportedAt.replace(/[:.]/g, '-')}`)
    writeExport(dir, ex.manifest, ex.files)
    console.log(`Exported ${party} to ${dir}:`)
    for (const f of ex.manifest.files) console.log(`  ${f.name.padEnd(22)} ${String(f.count).padStart(7)}  sha256 ${f.sha256.slice(0, 16)}…`)
    return 0
  } finally { await db.release() }
}

export function writeExport(dir: string, manifest: object, files: Record<string, string>): void {
  mkdirSync(dir, { recursive: true })
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text)
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n')
}
