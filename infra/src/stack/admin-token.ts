import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { createApiToken, findApiToken, type Database } from '@baton/db'

/**
 * The launcher's ADMIN token: the one stored in `file` while it is still live (not revoked, an
 * ADMIN token of this database), else a new one written there (mode 0600). Every `npm start`
 * minted a new token before and never revoked the old ones. Says whether it was reused.
 */
export async function ensureAdminToken(
  db: Database,
  file: string
): Promise<{ token: string; reused: boolean }> {
  const stored = existsSync(file) ? readFileSync(file, 'utf8').trim() : ''
  if (stored) {
    const live = await findApiToken(db, stored)
    if (live?.role === 'ADMIN') return { token: stored, reused: true }
  }
  const { token } = await createApiToken(db, {
    name: `bootstrap admin ${new Date().toISOString()}`,
    role: 'ADMIN',
  })
  writeFileSync(file, `${token}\n`, { mode: 0o600 })
  return { token, reused: false }
}
