import postgres from 'postgres'

/** The services' database role (migration 0019): DML on the application's tables, INSERT only on the ledger. */
export const APP_ROLE = 'baton_app'

/** The same database as `ownerUrl` (and the same password, see allowAppRoleLogin), connected as the services' role. */
export function appRoleUrl(ownerUrl: string): string {
  const u = new URL(ownerUrl)
  u.username = APP_ROLE
  return u.toString()
}

/**
 * Lets the services' role log in, with the owner URL's password when it has one: only for a
 * local database whose owner may alter roles (npm start's local PostgreSQL, the tests). A real
 * deployment's DBA gives baton_app LOGIN and its own password and hands the services that URL.
 */
export async function allowAppRoleLogin(ownerUrl: string): Promise<void> {
  const password = decodeURIComponent(new URL(ownerUrl).password)
  const sql = postgres(ownerUrl, { max: 1, onnotice: () => {} })
  const ready = async () =>
    (
      await sql<
        { login: boolean }[]
      >`select rolcanlogin as login from pg_roles where rolname = ${APP_ROLE}`
    )[0]?.login === true
  try {
    if (!password && (await ready())) return
    await sql
      .unsafe(
        `ALTER ROLE ${APP_ROLE} LOGIN${password ? ` PASSWORD '${password.replace(/'/g, "''")}'` : ''}`
      )
      .catch(async (e: Error) => {
        // Another process enabling it at the same moment ("tuple concurrently updated") is fine.
        if (!(await ready())) throw e
      })
  } finally {
    await sql.end()
  }
}
