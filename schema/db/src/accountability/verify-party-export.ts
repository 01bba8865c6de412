import { GENESIS_HASH, hashLedgerEntry } from '../canonical-hash.ts'
import { EXPORT_FORMAT, sha256, type ExportManifest } from './party-export.ts'

export type ExportProblem = { file: string; line?: number; incidentId?: string; seq?: number; message: string }
export type ExportVerification = { ok: boolean; filesChecked: number; entriesChecked: number; incidents: number; problems: ExportProblem[]; firstBrokenEntry: { incidentId: string; seq: number; line: number } | null }
type LedgerLine = { incidentId: string; seq: number; at: string; type: string; actor: string; data: unknown; idempotencyKey: string; prevHash: string; hash: string }

/**
 * Offline verification of an export: every file against the manifest's sha256 and count, and
 * each incident's ledger hash chain recomputed from the entries alone. Stops a chain at its
 * first broken entry (the later ones cannot be trusted either).
 */
export function verifyPartyExport(manifest: ExportManifest, readFile: (name: string) => string | null): ExportVerification {
  const problems: ExportProblem[] = []
  if (manifest.format !== EXPORT_FORMAT) problems.push({ file: 'manifest.json', message: `unknown format '${manifest.format}'` })
  let filesChecked = 0
  for (const f of manifest.files) {
    const text = readFile(f.name)
    filesChecked += 1
    if (text === null) { problems.push({ file: f.name, message: 'missing' }); continue }
    if (sha256(text) !== f.sha256) problems.push({ file: f.name, message: `sha256 differs from the manifest (${sha256(text).slice(0, 12)}… vs ${f.sha256.slice(0, 12)}…)` })
    const count = text === '' ? 0 : text.split('\n').length - 1
    if (count !== f.count) problems.push({ file: f.name, message: `${count} lines, the manifest says ${f.count}` })
  }
  const ledger = readFile('ledger.ndjson') ?? ''
  const last = new Map<string, { seq: number; hash: string } | 'broken'>()
  let entriesChecked = 0
  let firstBrokenEntry: ExportVerification['firstBrokenEntry'] = null
  ledger.split('\n').forEach((raw, i) => {
    if (raw === '') return
    const e = JSON.parse(raw) as LedgerLine
    const prev = last.get(e.incidentId)
    if (prev === 'broken') return
    entriesChecked += 1
    const prevHash = prev?.hash ?? GENESIS_HASH
    const expected = hashLedgerEntry(prevHash, { incidentId: e.incidentId, seq: e.seq, at: new Date(e.at).toISOString(), type: e.type, actor: e.actor, data: e.data, idempotencyKey: e.idempotencyKey })
    const seqOk = e.seq === (prev?.seq ?? 0) + 1
    if (!seqOk || e.prevHash !== prevHash || e.hash !== expected) {
      problems.push({ file: 'ledger.ndjson', line: i + 1, incidentId: e.incidentId, seq: e.seq, message: !seqOk ? `sequence gap before seq ${e.seq}` : e.prevHash !== prevHash ? 'prevHash does not match the previous entry' : 'hash does not match the entry content' })
      firstBrokenEntry ??= { incidentId: e.incidentId, seq: e.seq, line: i + 1 }
      last.set(e.incidentId, 'broken')
      return
    }
    last.set(e.incidentId, { seq: e.seq, hash: e.hash })
  })
  return { ok: problems.length === 0, filesChecked, entriesChecked, incidents: last.size, problems, firstBrokenEntry }
}
