import { verifyLedger } from '@baton/db'
import { openCliDatabase } from './cli-database.ts'

export async function ledgerVerifyCommand(args: string[], projectRoot: string): Promise<number> {
  const db = await openCliDatabase(projectRoot)
  try {
    const result = await verifyLedger(db.db, args[0])
    if (result.ok) { console.log(`ledger OK: ${result.entriesChecked} entries checked${result.redactedEntries ? ` (${result.redactedEntries} imported redacted: links checked, content vouched for by the export's signature)` : ''}`); return 0 }
    const e = result.firstBrokenEntry!
    console.log(`ledger BROKEN at entry id=${e.id} incident=${e.incidentId} seq=${e.seq} type=${e.type} (${result.entriesChecked} entries checked)`)
    return 3
  } finally { await db.release() }
}
