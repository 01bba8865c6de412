import { openCliDatabase } from './cli-database.ts'

/** Opening the CLI database runs the migrations; this verb does only that (the Kubernetes Job). */
export async function migrateCommand(projectRoot: string): Promise<number> {
  const db = await openCliDatabase(projectRoot)
  await db.release()
  console.log('migrations applied')
  return 0
}
