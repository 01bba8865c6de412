import { mkdtempSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { EXPORT_FILES, EXPORT_FORMAT, sha256, signText, type ExportManifest } from '@baton/db'
import { TEST_SIGNING_KEY } from '@baton/db/testing'
import { exportDirReader, writeExport } from './export-dir.ts'
import { verifyExportDir } from './verify-export-command.ts'

const dirs: string[] = []
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true })
})

/** An empty but well-formed export, signed as Baton signs one, written to a fresh directory. */
function emptyExport(extraFiles: ExportManifest['files'] = []): string {
  const dir = mkdtempSync(join(tmpdir(), 'baton-export-dir-'))
  dirs.push(dir)
  const manifest: ExportManifest = {
    format: EXPORT_FORMAT,
    party: 'stratus',
    exportedAt: '2026-04-02T00:00:00.000Z',
    view: 'party',
    keyId: TEST_SIGNING_KEY.keyId,
    files: [...EXPORT_FILES.map((name) => ({ name, count: 0, sha256: sha256('') })), ...extraFiles],
    ledger: { entries: 0, redacted: 0, heads: [], brokenAtExport: [] },
  }
  const text = JSON.stringify(manifest)
  writeExport(dir, {
    ...Object.fromEntries(EXPORT_FILES.map((n) => [n, ''])),
    'manifest.json': text,
    'manifest.sig': signText(TEST_SIGNING_KEY, text),
    'export-key.pem': TEST_SIGNING_KEY.publicKeyPem,
  })
  return dir
}

describe('export directories: every name stays inside', () => {
  it('verifies a signed export with the pinned key', () => {
    expect(verifyExportDir(emptyExport(), TEST_SIGNING_KEY.publicKeyPem)).toMatchObject({
      ok: true,
      filesChecked: EXPORT_FILES.length,
      signature: { ok: true, pinned: true },
    })
  })

  it('refuses a manifest path like ../../../etc/hostname, even signed', () => {
    const v = verifyExportDir(
      emptyExport([{ name: '../../../etc/hostname', count: 1, sha256: 'x' }]),
      TEST_SIGNING_KEY.publicKeyPem
    )
    expect(v.ok).toBe(false)
    expect(v.problems).toEqual([
      { file: '../../../etc/hostname', message: expect.stringContaining('refused') },
    ])
    expect(() => exportDirReader(emptyExport())('../../../etc/hostname')).toThrow(
      /not a plain file name/
    )
    expect(() => exportDirReader(emptyExport())('/etc/hostname')).toThrow(/not a plain file name/)
  })

  it('refuses a file that is a symlink out of the directory', () => {
    const dir = emptyExport()
    unlinkSync(join(dir, 'ledger.ndjson'))
    const outside = join(mkdtempSync(join(tmpdir(), 'baton-outside-')), 'secret.txt')
    dirs.push(join(outside, '..'))
    writeFileSync(outside, 'not part of the export\n')
    symlinkSync(outside, join(dir, 'ledger.ndjson'))
    const v = verifyExportDir(dir, TEST_SIGNING_KEY.publicKeyPem)
    expect(v.problems).toContainEqual({
      file: 'ledger.ndjson',
      message: expect.stringContaining('leads outside the export directory'),
    })
  })
})
