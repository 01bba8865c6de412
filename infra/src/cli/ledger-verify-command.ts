import { verifyLedger } from '@baton/db'
import { openCliDatabase } from './cli-database.ts'

export async function ledgerVerifyCommand(args: string[], projectRoot: string): Promise<number> {
  const db = await openCliDatabase(projectRoot)
  try {
    const result = await verifyLedger(db.db, args[0])
    if (result.ok) {
      console.log(
        `ledger OK: ${result.entriesChecked} entries checked${result.redactedEntries ? ` (${result.redactedEntries} imported redacted: links checked, content vouched for by the export's signature)` : ''}`
      )
      return 0
    }
    const p = result.problem!
    const e = result.firstBrokenEntry
    console.log(
      `ledger BROKEN at incident=${p.incidentId} seq=${p.seq}${e ? ` (entry id=${e.id} type=${e.type})` : ''}: ${p.message} (${result.entriesChecked} entries checked)`
    )
    return 3
  } finally {
    await db.release()
  }
}
