import { resolve } from 'node:path'
import { importPartyExport } from '@baton/db'
import { resolveMasterKey } from '../stack/master-key.ts'
import { openCliDatabase } from './cli-database.ts'
import { exportDirReader } from './export-dir.ts'
import { pinnedKeyOf, verifyExportDir } from './verify-export-command.ts'

/** `import <dir> [--public-key pem]`: verifies the export (signature first), then loads it into an empty Baton. */
export async function importCommand(args: string[], projectRoot: string): Promise<number> {
  const target = args.find((a, i) => !a.startsWith('--') && args[i - 1] !== '--public-key')
  if (!target) {
    console.error('import needs an export directory (from `npm run baton -- export <party>`)')
    return 2
  }
  const dir = resolve(process.env.INIT_CWD ?? process.cwd(), target)
  const pinned = pinnedKeyOf(args)
  const v = verifyExportDir(dir, pinned)
  if (!v.ok) {
    console.error(
      `refusing to import: ${v.problems.length} problem(s), first: ${v.problems[0]!.file}: ${v.problems[0]!.message}; run verify-export for details`
    )
    return 3
  }
  const db = await openCliDatabase(projectRoot)
  try {
    const summary = await importPartyExport(db.db, exportDirReader(dir), {
      masterKey: resolveMasterKey(projectRoot),
      ...(pinned === undefined ? {} : { publicKeyPem: pinned }),
    })
    console.log(`Imported ${dir}:`)
    for (const [k, n] of Object.entries(summary)) console.log(`  ${k.padEnd(22)} ${n}`)
    return 0
  } finally {
    await db.release()
  }
}
