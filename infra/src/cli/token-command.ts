import {
  API_TOKEN_ROLES,
  createApiToken,
  listApiTokens,
  revokeApiToken,
  type ApiTokenRole,
} from '@baton/db'
import { isUuid } from '@baton/domain'
import { openCliDatabase } from './cli-database.ts'

export const tokenUsage = `  token create --name <name> --role <ADMIN|INTEGRATOR|VIEWER|VENDOR> [--party <slug>]
                              make an API token (VENDOR tokens name their party); prints it once
  token list [--all]          live tokens (--all: revoked ones too): id, role, party, name, created
  token revoke <id>           revoke a token and end its console sessions (its graphql-ws sockets close within seconds)`

/** The value after `--flag`, or undefined. */
const flag = (args: string[], name: string) => {
  const i = args.indexOf(`--${name}`)
  return i >= 0 ? args[i + 1] : undefined
}

/** `npm run baton -- token create|list|revoke`: what operators do with API tokens without GraphQL. */
export async function tokenCommand(args: string[], projectRoot: string): Promise<number> {
  const [sub, ...rest] = args
  if (sub !== 'create' && sub !== 'list' && sub !== 'revoke') {
    console.error(`Usage: npm run baton -- token …\n${tokenUsage}`)
    return 2
  }
  if (sub === 'create') {
    const name = flag(rest, 'name')?.trim()
    const role = flag(rest, 'role')?.toUpperCase() as ApiTokenRole | undefined
    const party = flag(rest, 'party')
    if (!name || !role || !API_TOKEN_ROLES.includes(role)) {
      console.error(`token create needs --name and --role (${API_TOKEN_ROLES.join(', ')})`)
      return 2
    }
    if ((role === 'VENDOR') !== Boolean(party)) {
      console.error('--party <slug> is required for a VENDOR token and refused for the others')
      return 2
    }
    const db = await openCliDatabase(projectRoot)
    try {
      let partyId: string | null = null
      if (party) {
        const [row] = await db.sql<{ id: string }[]>`select id from parties where slug = ${party}`
        if (!row) {
          console.error(`no party ${party}`)
          return 2
        }
        partyId = row.id
      }
      const created = await createApiToken(db.db, { name, role, partyId })
      console.log(`created ${role} token ${created.id} (${name}); shown once, keep it now:`)
      console.log(created.token)
      return 0
    } finally {
      await db.release()
    }
  }
  if (sub === 'revoke') {
    const id = rest[0]
    if (!id || !isUuid(id)) {
      console.error('token revoke needs the token id (a UUID, from token list)')
      return 2
    }
    const db = await openCliDatabase(projectRoot)
    try {
      if (!(await revokeApiToken(db.db, id))) {
        console.error(`no live token ${id}`)
        return 1
      }
      console.log(`revoked ${id}; its console sessions ended`)
      return 0
    } finally {
      await db.release()
    }
  }
  const db = await openCliDatabase(projectRoot)
  try {
    const rows = await listApiTokens(db.db, { includeRevoked: rest.includes('--all') })
    for (const r of rows)
      console.log(
        [
          r.id,
          r.role.padEnd(10),
          (r.partySlug ?? '-').padEnd(12),
          r.createdAt.toISOString(),
          r.revokedAt ? `revoked ${r.revokedAt.toISOString()}` : 'live',
          r.name,
        ].join('  ')
      )
    if (rows.length === 0) console.log('no tokens')
    return 0
  } finally {
    await db.release()
  }
}
