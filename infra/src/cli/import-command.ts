import { existsSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { importPartyExport } from '@baton/db'
import { resolveMasterKey } from '../stack/master-key.ts'
import { openCliDatabase } from './cli-database.ts'
import { verifyExportDir } from './verify-export-command.ts'

/** `import <dir>`: verifies the export, then loads it into an empty Baton. */
export async function importCommand(args: string[], projectRoot: string): Promise<number> {
  if (!args[0]) { console.error('import needs an export directory (from `npm run baton -- export <party>`)'); return 2 }
  const dir = resolve(process.env.INIT_CWD ?? process.cwd(), args[0])
  const v = verifyExportDir(dir)
  if (!v.ok) { console.error(`refusing to import: ${v.problems.length} problem(s); run verify-export for details`); return 3 }
  const db = await openCliDatabase(projectRoot)
  try {
    const summary = await importPartyExport(db.db, (name) => (existsSync(join(dir, name)) ? readFileSync(join(dir, name), 'utf8') : null), { masterKey: resolveMasterKey(projectRoot) })
    console.log(`Imported ${dir}:`)
    for (const [k, n] of Object.entries(summary)) console.log(`  ${k.padEnd(22)} ${n}`)
    return 0
  } finally { await db.release() }
}
