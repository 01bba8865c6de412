/** What the origin checks need of a request, from a fetch Request or a raw upgrade request alike. */
export type RequestFacts = {
  /** 'http:' or 'https:' as the server itself saw the connection */
  protocol: string
  header: (name: string) => string | undefined
}

/** How the gateway knows its own origin: from the request, and the configured public URL. */
export type OriginPolicy = { publicUrl: string; trustProxy: boolean }

export function factsOfRequest(req: Request): RequestFacts {
  const url = new URL(req.url)
  // A server-built Request has no Host header of its own: its URL was made from it.
  return {
    protocol: url.protocol,
    header: (name) => req.headers.get(name) ?? (name === 'host' ? url.host : undefined),
  }
}

/** https when the connection is, or (only behind a trusted proxy) when X-Forwarded-Proto says so. */
export function isHttps(req: RequestFacts, policy: OriginPolicy): boolean {
  if (req.protocol === 'https:') return true
  if (!policy.trustProxy) return false
  return req.header('x-forwarded-proto')?.split(',')[0]?.trim().toLowerCase() === 'https'
}

/** The origins this gateway answers at: the configured public URL and the Host the request was sent to. */
export function ownOrigins(req: RequestFacts, policy: OriginPolicy): Set<string> {
  const origins = new Set<string>()
  try {
    origins.add(new URL(policy.publicUrl).origin)
  } catch {
    /* no usable public URL: the Host still counts */
  }
  const host = req.header('host')
  if (host && /^[A-Za-z0-9.\-:[\]]+$/.test(host))
    origins.add(`${isHttps(req, policy) ? 'https' : 'http'}://${host.toLowerCase()}`)
  return origins
}

const originOf = (url: string | undefined) => {
  if (!url) return undefined
  try {
    return new URL(url).origin
  } catch {
    return 'null'
  }
}

/**
 * Whether a browser sent this request from the gateway's own pages: by Origin, else by
 * Sec-Fetch-Site, else by Referer. 'unknown' when none is present (not a browser, or an old one).
 */
export function sameOrigin(req: RequestFacts, policy: OriginPolicy): 'same' | 'cross' | 'unknown' {
  const origin = req.header('origin')
  if (origin) return ownOrigins(req, policy).has(origin.toLowerCase()) ? 'same' : 'cross'
  const site = req.header('sec-fetch-site')
  if (site) return site === 'same-origin' ? 'same' : 'cross'
  const referer = originOf(req.header('referer'))
  if (referer) return ownOrigins(req, policy).has(referer.toLowerCase()) ? 'same' : 'cross'
  return 'unknown'
}
