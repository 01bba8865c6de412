import { FieldError } from '../dialects/inbound-message.ts'

// eslint-disable-next-line no-control-regex -- matching NUL is the point
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/

/** Postgres text and jsonb hold neither NUL nor lone surrogates: refuse them, naming the field, before any query. */
export function assertStorable(value: unknown, path: string[] = []): void {
  if (typeof value === 'string') {
    if (UNSTORABLE.test(value)) throw new FieldError(422, path.join('.') || '(body)', `${path.join('.') || 'body'}: NUL characters and lone surrogates are not accepted`)
    return
  }
  if (value === null || typeof value !== 'object') return
  for (const [k, v] of Object.entries(value)) {
    if (UNSTORABLE.test(k)) throw new FieldError(422, path.join('.') || '(body)', 'a key holds NUL characters or lone surrogates')
    assertStorable(v, [...path, k])
  }
}
