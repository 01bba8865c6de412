import { ServiceError } from '@baton/domain'

// eslint-disable-next-line no-control-regex -- matching NUL is the point
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/

/**
 * What a vendor body may be: nested at most `maxDepth` arrays/objects deep and made of at most
 * `maxValues` values (every object, array, key's value and element counts). Real vendor bodies
 * are a few levels deep and a few hundred values; the body size limit (413) bounds the rest.
 */
export const JSON_LIMITS = { maxDepth: 64, maxValues: 20_000 } as const
export type JsonLimits = { maxDepth: number; maxValues: number }

type Frame = { value: unknown; depth: number; parent: Frame | null; key: string }
const pathOf = (f: Frame | null): string => {
  const keys: string[] = []
  for (let at = f; at?.parent; at = at.parent) keys.push(at.key)
  return keys.reverse().join('.')
}

/**
 * Checks parsed vendor JSON before anything else walks it (zod, JSON.stringify, Postgres jsonb),
 * iteratively, so no body can overflow the stack: too deep or too many values is a 422; NUL
 * characters and lone surrogates (which Postgres text and jsonb cannot hold) are a 422 naming
 * the field.
 */
export function assertStorable(root: unknown, limits: JsonLimits = JSON_LIMITS): void {
  const stack: Frame[] = [{ value: root, depth: 0, parent: null, key: '' }]
  let values = 0
  while (stack.length > 0) {
    const frame = stack.pop()!
    const { value } = frame
    if (++values > limits.maxValues)
      throw new ServiceError(
        'UNPROCESSABLE',
        `the body holds more than ${limits.maxValues} JSON values`,
        { field: '(body)' }
      )
    if (typeof value === 'string') {
      if (UNSTORABLE.test(value)) {
        const path = pathOf(frame)
        throw new ServiceError(
          'UNPROCESSABLE',
          `${path || 'body'}: NUL characters and lone surrogates are not accepted`,
          { field: path || '(body)' }
        )
      }
      continue
    }
    if (value === null || typeof value !== 'object') continue
    if (frame.depth >= limits.maxDepth)
      throw new ServiceError(
        'UNPROCESSABLE',
        `the body nests arrays or objects deeper than ${limits.maxDepth} levels`,
        { field: '(body)' }
      )
    for (const [k, v] of Object.entries(value)) {
      if (UNSTORABLE.test(k))
        throw new ServiceError('UNPROCESSABLE', 'a key holds NUL characters or lone surrogates', {
          field: pathOf(frame) || '(body)',
        })
      stack.push({ value: v, depth: frame.depth + 1, parent: frame, key: k })
    }
  }
}
