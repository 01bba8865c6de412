/** A UUID as Postgres writes it (any version, either case): every id Baton mints is one. */
export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** True for a UUID: check before handing an id to a uuid column (Postgres refuses anything else). */
export const isUuid = (id: string): boolean => UUID_PATTERN.test(id)
