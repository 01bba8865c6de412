import { resolve } from 'node:path'
import { applyCommand } from './apply-command.ts'
import { ledgerVerifyCommand } from './ledger-verify-command.ts'
import {
  ledgerAnchorCommand,
  ledgerAnchorsCommand,
  ledgerVerifyAnchorCommand,
} from './ledger-anchor-commands.ts'
import { worldSchemaCommand } from './world-schema-command.ts'
import { migrateCommand } from './migrate-command.ts'
import { exportCommand } from './export-command.ts'
import { importCommand } from './import-command.ts'
import { verifyExportCommand } from './verify-export-command.ts'
import { renderExamplePackCommand } from './render-example-pack.ts'
import { tokenCommand, tokenUsage } from './token-command.ts'
import { exitOnError } from './exit-codes.ts'

const usage = `Usage: npm run baton -- <command>

  migrate                     apply the committed database migrations (DATABASE_URL)
  apply <world.json>          apply a world file idempotently (parties, desks, calendars, agreements, ladders, services)
  ledger verify [incidentId]  recompute the hash chains and compare each with its recorded head; names the first broken entry
  ledger anchor               sign a root over every incident's head now (the worker does it hourly); prints it to publish
  ledger anchors [--out f]    every anchor with the heads it covers, NDJSON
  ledger verify-anchor [--anchor f] [--public-key pem]
                              check the ledger against its anchors, or against published ones (f: from anchor/anchors)
  world-schema                regenerate schema/world.schema.json from the zod schema
  export <party> [--out dir]  export what one party may see: NDJSON files + manifest.json signed with Baton's Ed25519 key
  verify-export <dir> [--public-key pem]
                              verify an export offline: signature, file hashes, each incident's hash chain and head
  import <dir> [--public-key pem]
                              import an export whose signature verifies into an empty Baton
  render-example-pack         regenerate docs/examples/stratus-monthly-2026-03.* from the outage of docs/scenario.md
${tokenUsage}

Database: DATABASE_URL (migrations: BATON_OWNER_DATABASE_URL, else the same), else postgres://127.0.0.1:5432/baton
(migrations as postgres, the rest as baton_app), else the embedded PostgreSQL in .baton/postgres (that of a running
npm start, else one started for the command); BATON_DATABASE=embedded always uses the embedded one.
Signing key: BATON_SIGNING_KEY (32 bytes, base64), else .baton/signing.key (generated once).`

const projectRoot = resolve(import.meta.dirname, '../../..')
const [command, ...rest] = process.argv.slice(2)
const commands: Record<string, (args: string[]) => Promise<number>> = {
  apply: (a) => applyCommand(a, projectRoot),
  ledger: (a) => {
    const sub: Record<string, () => Promise<number>> = {
      verify: () => ledgerVerifyCommand(a.slice(1), projectRoot),
      anchor: () => ledgerAnchorCommand(projectRoot),
      anchors: () => ledgerAnchorsCommand(a.slice(1), projectRoot),
      'verify-anchor': () => ledgerVerifyAnchorCommand(a.slice(1), projectRoot),
    }
    return sub[a[0] ?? '']?.() ?? Promise.resolve(usageError())
  },
  'world-schema': () => worldSchemaCommand(projectRoot),
  migrate: () => migrateCommand(projectRoot),
  export: (a) => exportCommand(a, projectRoot),
  import: (a) => importCommand(a, projectRoot),
  'verify-export': (a) => verifyExportCommand(a),
  'render-example-pack': (a) => renderExamplePackCommand(a, projectRoot),
  token: (a) => tokenCommand(a, projectRoot),
}
function usageError() {
  console.error(usage)
  return 2
}

const run = command ? commands[command] : undefined
process.exitCode = run ? await run(rest).catch(exitOnError) : usageError()
