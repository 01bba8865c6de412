import { join } from 'node:path'

/**
 * Where `npm start` keeps its local state (admin token, master key, mailbox, Temporal's SQLite
 * file, the embedded PostgreSQL's data): BATON_STATE_DIR, else `.baton` in the project root. The built
 * Temporal CLI stays in the project's `.baton/bin` whatever this says.
 */
export const stateDir = (projectRoot: string): string =>
  process.env.BATON_STATE_DIR || join(projectRoot, '.baton')
