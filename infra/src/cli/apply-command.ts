import { readFileSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { applyWorld, loadWorld, resolveSecretRef } from '@baton/db'
import { newCoverageHoles } from './coverage-warnings.ts'
import { formatWorldProblem, validateWorld } from '@baton/domain'
import { resolveMasterKey } from '../stack/master-key.ts'
import { openCliDatabase } from './cli-database.ts'

export async function applyCommand(args: string[], projectRoot: string): Promise<number> {
  const file = args[0]
  if (!file) {
    console.error('apply needs a world file: npm run baton -- apply infra/worlds/demo.world.json')
    return 2
  }
  const path = resolve(process.env.INIT_CWD ?? process.cwd(), file)
  let json: unknown
  try {
    json = JSON.parse(readFileSync(path, 'utf8'))
  } catch (error) {
    console.error(
      `${path} cannot be read as JSON: ${(error as Error).message}; nothing was applied.`
    )
    return 1
  }
  // Every problem at once, before the database is touched: a world with any is not applied.
  const checked = validateWorld(json)
  if (!checked.ok) {
    for (const p of checked.problems) console.error(`  ${formatWorldProblem(p)}`)
    const n = checked.problems.length
    console.error(
      `${path} is not a valid world (${n} problem${n === 1 ? '' : 's'}); nothing was applied.`
    )
    return 1
  }
  const db = await openCliDatabase(projectRoot)
  try {
    const before = await loadWorld(db.db).catch(() => null)
    const summary = await applyWorld(db.db, checked.world, {
      masterKey: resolveMasterKey(projectRoot),
      resolveSecret: (ref) => resolveSecretRef(ref, dirname(path)),
    })
    console.log(`Applied ${path}:`)
    for (const [k, v] of Object.entries(summary)) console.log(`  ${k.padEnd(20)} ${v}`)
    const holes = newCoverageHoles(
      before && before.parties.length > 0 ? before : null,
      await loadWorld(db.db)
    )
    for (const h of holes)
      console.warn(`warning: escalation step reaches nobody at some hours: ${h}`)
    return 0
  } finally {
    await db.release()
  }
}
