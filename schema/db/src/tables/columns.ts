import { sql } from 'drizzle-orm'
import { uuid, type AnyPgColumn } from 'drizzle-orm/pg-core'

// Column builders the tables share. Each call returns a fresh builder: drizzle binds a builder to
// the one table it is declared in, so a table calls these rather than reusing one builder.

/** `id uuid primary key default gen_random_uuid()`: a row id the database generates. */
export function generatedUuidId() {
  return uuid('id')
    .primaryKey()
    .default(sql`gen_random_uuid()`)
}

/** `<name> uuid not null references <target>`: a required reference to another table's row. */
export function requiredUuidRef<TName extends string>(name: TName, target: () => AnyPgColumn) {
  return uuid(name).notNull().references(target)
}
