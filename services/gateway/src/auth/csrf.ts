import { sameOrigin, type OriginPolicy, type RequestFacts } from './request-origin.ts'

export const CSRF_HEADER = 'x-baton-csrf'
const SAFE = new Set(['GET', 'HEAD', 'OPTIONS'])

/**
 * Why a cookie-authenticated request must be refused, or null. Every method but GET/HEAD/OPTIONS
 * needs `X-Baton-CSRF: 1` (a cross-site page cannot send it without a CORS preflight we never
 * grant) and must not come from another origin.
 */
export function csrfRefusal(
  method: string,
  req: RequestFacts,
  policy: OriginPolicy
): string | null {
  if (SAFE.has(method.toUpperCase())) return null
  if (req.header(CSRF_HEADER) !== '1')
    return 'a request authenticated by the session cookie needs the header X-Baton-CSRF: 1'
  if (sameOrigin(req, policy) === 'cross')
    return "a request authenticated by the session cookie must come from the gateway's own origin"
  return null
}
