import { GENESIS_HASH, hashLedgerEntry, type LedgerContent } from '../ledger/canonical-hash.ts'
import { keyIdOf, verifyText } from '../signing/ed25519-signing-key.ts'
import {
  EXPORT_FILES,
  EXPORT_FORMAT,
  MANIFEST_FILE,
  PUBLIC_KEY_FILE,
  SIGNATURE_FILE,
  sha256,
  type ExportManifest,
} from './party-export.ts'

export type ExportProblem = {
  file: string
  line?: number
  incidentId?: string
  seq?: number
  message: string
}
export type ExportVerification = {
  ok: boolean
  filesChecked: number
  entriesChecked: number
  incidents: number
  /** entries whose data the party may not see: their hashes are taken as signed, not recomputed */
  redactedEntries: number
  /** whose key signed the manifest; `pinned` when the caller supplied the key rather than the export */
  signature: { ok: boolean; keyId: string | null; pinned: boolean }
  problems: ExportProblem[]
  firstBrokenEntry: { incidentId: string; seq: number; line: number } | null
}
type LedgerLine = LedgerContent & {
  prevHash: string
  hash: string
  redacted?: boolean
}
/** Reads one file of the export by its name; null when it is absent. May throw to refuse a file. */
export type ExportReader = (name: string) => string | null

const DATA_FILES = new Set<string>(EXPORT_FILES)

/**
 * Offline verification of an export, in order: the manifest's Ed25519 signature (with the
 * caller's pinned public key, else the one in the export: then only the key id proves whose it
 * is), every file name (only the export's own plain file names; nothing else is ever read),
 * every file against the manifest's sha256 and count, each incident's ledger hash chain
 * recomputed from the entries (redacted entries: their links, not their content; an entry the
 * signed manifest lists as broken when Baton checked the full chain at export is broken), and each
 * chain's end against the signed head, so a removed tail is named. A chain stops at its first
 * broken entry (the later ones cannot be trusted either).
 */
export function verifyPartyExport(
  readFile: ExportReader,
  o: { publicKeyPem?: string } = {}
): ExportVerification {
  const problems: ExportProblem[] = []
  const read = (name: string): string | null => {
    try {
      return readFile(name)
    } catch (e) {
      problems.push({ file: name, message: `refused: ${(e as Error).message}` })
      return null
    }
  }
  const result = (extra: Partial<ExportVerification>): ExportVerification => ({
    ok: problems.length === 0,
    filesChecked: 0,
    entriesChecked: 0,
    incidents: 0,
    redactedEntries: 0,
    signature,
    problems,
    firstBrokenEntry: null,
    ...extra,
    ...(problems.length ? { ok: false } : {}),
  })

  const manifestText = read(MANIFEST_FILE)
  const signatureText = read(SIGNATURE_FILE)
  const keyPem = o.publicKeyPem ?? read(PUBLIC_KEY_FILE)
  const signature = {
    ok: false,
    keyId: keyPem ? safeKeyId(keyPem) : null,
    pinned: o.publicKeyPem !== undefined,
  }
  if (manifestText === null) {
    problems.push({ file: MANIFEST_FILE, message: 'missing' })
    return result({})
  }
  if (signatureText === null)
    problems.push({ file: SIGNATURE_FILE, message: 'missing: the export is unsigned' })
  else if (keyPem === null)
    problems.push({ file: PUBLIC_KEY_FILE, message: 'missing, and no public key was given' })
  else if (!verifyText(keyPem, manifestText, signatureText))
    problems.push({
      file: SIGNATURE_FILE,
      message: `signature does not verify with key ${signature.keyId ?? '(unreadable)'}: the manifest was changed or not signed by this key`,
    })
  else signature.ok = true

  let manifest: ExportManifest
  try {
    manifest = JSON.parse(manifestText) as ExportManifest
  } catch {
    problems.push({ file: MANIFEST_FILE, message: 'not JSON' })
    return result({})
  }
  if (manifest.format !== EXPORT_FORMAT)
    problems.push({ file: MANIFEST_FILE, message: `unknown format '${manifest.format}'` })
  if (signature.ok && signature.keyId !== null && manifest.keyId !== signature.keyId)
    problems.push({
      file: MANIFEST_FILE,
      message: `names key ${manifest.keyId}, signed by ${signature.keyId}`,
    })
  const listed = Array.isArray(manifest.files) ? manifest.files : []
  for (const name of EXPORT_FILES)
    if (!listed.some((f) => f?.name === name))
      problems.push({ file: name, message: 'not listed in the manifest' })

  let filesChecked = 0
  const seen = new Set<string>()
  const texts = new Map<string, string>()
  for (const f of listed) {
    const name = String(f?.name)
    if (!DATA_FILES.has(name)) {
      problems.push({
        file: name,
        message:
          'refused: not a file of a Baton export (manifest paths are confined to the export directory)',
      })
      continue
    }
    if (seen.has(name)) {
      problems.push({ file: name, message: 'listed twice' })
      continue
    }
    seen.add(name)
    const text = read(name)
    filesChecked += 1
    if (text === null) {
      if (!problems.some((p) => p.file === name)) problems.push({ file: name, message: 'missing' })
      continue
    }
    texts.set(name, text)
    if (sha256(text) !== f.sha256)
      problems.push({
        file: name,
        message: `sha256 differs from the manifest (${sha256(text).slice(0, 12)}… vs ${String(f.sha256).slice(0, 12)}…)`,
      })
    const count = text === '' ? 0 : text.split('\n').length - 1
    if (count !== f.count)
      problems.push({ file: name, message: `${count} lines, the manifest says ${f.count}` })
  }
  const chain = verifyLedgerLines(
    texts.get('ledger.ndjson') ?? '',
    manifest.ledger?.heads ?? [],
    manifest.ledger?.brokenAtExport ?? [],
    problems
  )
  return result({ filesChecked, ...chain })
}

function verifyLedgerLines(
  ledger: string,
  heads: ExportManifest['ledger']['heads'],
  brokenAtExport: ExportManifest['ledger']['brokenAtExport'],
  problems: ExportProblem[]
) {
  const brokenAt = new Map(brokenAtExport.map((b) => [`${b.incidentId}/${b.seq}`, b.message]))
  const last = new Map<string, { seq: number; hash: string } | 'broken'>()
  let entriesChecked = 0
  let redactedEntries = 0
  let firstBrokenEntry: ExportVerification['firstBrokenEntry'] = null
  const broken = (line: number, incidentId: string, seq: number, message: string) => {
    problems.push({ file: 'ledger.ndjson', line, incidentId, seq, message })
    firstBrokenEntry ??= { incidentId, seq, line }
    last.set(incidentId, 'broken')
  }
  const lines = ledger.split('\n')
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!
    if (raw === '') continue
    let e: LedgerLine
    try {
      e = JSON.parse(raw) as LedgerLine
    } catch {
      problems.push({ file: 'ledger.ndjson', line: i + 1, message: 'not JSON' })
      continue
    }
    const prev = last.get(e.incidentId)
    if (prev === 'broken') continue
    entriesChecked += 1
    const prevHash = prev?.hash ?? GENESIS_HASH
    const seqOk = e.seq === (prev?.seq ?? 0) + 1
    if (!seqOk) {
      broken(i + 1, e.incidentId, e.seq, `sequence gap before seq ${e.seq}`)
      continue
    }
    if (e.prevHash !== prevHash) {
      broken(i + 1, e.incidentId, e.seq, 'prevHash does not match the previous entry')
      continue
    }
    if (
      e.redacted !== true &&
      e.hash !==
        hashLedgerEntry(prevHash, {
          incidentId: e.incidentId,
          seq: e.seq,
          at: new Date(e.at).toISOString(),
          type: e.type,
          actor: e.actor,
          data: e.data,
          idempotencyKey: e.idempotencyKey,
        })
    ) {
      broken(i + 1, e.incidentId, e.seq, 'hash does not match the entry content')
      continue
    }
    // What the party cannot re-hash (a redacted entry), Baton checked in full at export and signed.
    const foundAtExport = brokenAt.get(`${e.incidentId}/${e.seq}`)
    if (foundAtExport !== undefined) {
      broken(
        i + 1,
        e.incidentId,
        e.seq,
        `Baton found this entry broken at export: ${foundAtExport}`
      )
      continue
    }
    if (e.redacted === true) redactedEntries += 1
    last.set(e.incidentId, { seq: e.seq, hash: e.hash })
  }
  for (const h of heads) {
    const end = last.get(h.incidentId)
    if (end === 'broken') continue
    if (!end) {
      problems.push({
        file: 'ledger.ndjson',
        incidentId: h.incidentId,
        seq: 1,
        message: `no entries, the signed head is seq ${h.seq}`,
      })
      continue
    }
    if (end.seq < h.seq)
      problems.push({
        file: 'ledger.ndjson',
        incidentId: h.incidentId,
        seq: end.seq + 1,
        message: `entries ${end.seq + 1}..${h.seq} missing: the chain ends at seq ${end.seq}, the signed head is seq ${h.seq}`,
      })
    else if (end.seq > h.seq || end.hash !== h.hash)
      problems.push({
        file: 'ledger.ndjson',
        incidentId: h.incidentId,
        seq: end.seq,
        message: `the chain ends at seq ${end.seq} with hash ${end.hash.slice(0, 12)}…, the signed head is seq ${h.seq} hash ${h.hash.slice(0, 12)}…`,
      })
  }
  for (const id of last.keys())
    if (!heads.some((h) => h.incidentId === id))
      problems.push({
        file: 'ledger.ndjson',
        incidentId: id,
        message: 'an incident the signed heads do not list',
      })
  return { entriesChecked, redactedEntries, incidents: last.size, firstBrokenEntry }
}

const safeKeyId = (pem: string) => {
  try {
    return keyIdOf(pem)
  } catch {
    return null
  }
}
