import { readFileSync, writeFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { asc } from 'drizzle-orm'
import {
  createLedgerAnchor,
  ledgerAnchors,
  publishedAnchor,
  verifyLedgerAnchors,
  type AnchorHead,
  type AnchorRecord,
} from '@baton/db'
import { resolveSigningKey } from '../stack/signing-key.ts'
import { openCliDatabase } from './cli-database.ts'
import { pinnedKeyOf } from './verify-export-command.ts'

const cwd = () => process.env.INIT_CWD ?? process.cwd()
const flag = (args: string[], name: string) => {
  const i = args.indexOf(name)
  return i >= 0 ? args[i + 1] : undefined
}

/** `ledger anchor`: anchors the ledger now (the worker does it hourly) and prints the anchor to publish. */
export async function ledgerAnchorCommand(projectRoot: string): Promise<number> {
  const signingKey = resolveSigningKey(projectRoot)
  const db = await openCliDatabase(projectRoot)
  try {
    const { created, anchor } = await createLedgerAnchor(db.db, { signingKey })
    if (!anchor) {
      console.log('nothing to anchor: the ledger is empty')
      return 0
    }
    console.error(
      created
        ? `anchor #${anchor.id}: ${anchor.incidents} incidents, ${anchor.entries} entries, root ${anchor.root}`
        : `no change since anchor #${anchor.id}`
    )
    console.log(JSON.stringify(anchor))
    return 0
  } finally {
    await db.release()
  }
}

/** `ledger anchors [--out file]`: every anchor with the heads it covers, as NDJSON (stdout or a file). */
export async function ledgerAnchorsCommand(args: string[], projectRoot: string): Promise<number> {
  const db = await openCliDatabase(projectRoot)
  try {
    const rows = await db.db.select().from(ledgerAnchors).orderBy(asc(ledgerAnchors.id))
    const text = rows
      .map((r) => JSON.stringify({ ...publishedAnchor(r), heads: r.heads as AnchorHead[] }) + '\n')
      .join('')
    const out = flag(args, '--out')
    if (out) {
      writeFileSync(resolve(cwd(), out), text)
      console.log(`${rows.length} anchors written to ${resolve(cwd(), out)}`)
    } else process.stdout.write(text)
    return 0
  } finally {
    await db.release()
  }
}

/** `ledger verify-anchor [--anchor file] [--public-key pem]`: the ledger against its anchors, or against published ones. */
export async function ledgerVerifyAnchorCommand(
  args: string[],
  projectRoot: string
): Promise<number> {
  const file = flag(args, '--anchor')
  const published = file
    ? readFileSync(resolve(cwd(), file), 'utf8')
        .split('\n')
        .filter((l) => l.trim() !== '')
        .map((l) => JSON.parse(l) as AnchorRecord)
    : undefined
  const publicKeyPem = pinnedKeyOf(args)
  const db = await openCliDatabase(projectRoot)
  try {
    const r = await verifyLedgerAnchors(db.db, {
      ...(publicKeyPem !== undefined ? { publicKeyPem } : {}),
      ...(published ? { published } : {}),
    })
    if (!r.checkedAgainst) {
      console.log('no anchor yet: run `npm run baton -- ledger anchor`')
      return r.ok ? 0 : 3
    }
    const against = `anchor #${r.checkedAgainst.id} of ${r.checkedAgainst.anchoredAt} (root ${r.checkedAgainst.root.slice(0, 16)}…, key ${r.checkedAgainst.keyId}${publicKeyPem !== undefined ? ', pinned' : ''}${published ? ', published' : ''})`
    if (r.ok) {
      console.log(
        `anchors OK: ${r.anchorsChecked} anchors, ${r.incidentsChecked} incidents agree with ${against}`
      )
      return 0
    }
    for (const p of r.problems)
      console.log(
        `BROKEN${p.anchorId ? ` anchor=#${p.anchorId}` : ''}${p.incidentId ? ` incident=${p.incidentId} seq=${p.seq}` : ''}: ${p.message}`
      )
    return 3
  } finally {
    await db.release()
  }
}
