import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns'
import { request as httpRequest, type IncomingMessage } from 'node:http'
import { request as httpsRequest } from 'node:https'
import { BlockList, isIP, type LookupFunction } from 'node:net'
import { z } from 'zod'

/**
 * Where Baton's outbound HTTP (vendor delivery in the adapters, notification webhooks in the
 * worker) may connect. Link-local and cloud-metadata addresses are refused whatever is set;
 * private ranges and loopback only when the deployment allows them.
 */
export type OutboundPolicy = {
  /** 10/8, 172.16/12, 192.168/16, 100.64/10 (CGNAT), fc00::/7 */
  allowPrivate: boolean
  /** 127/8, ::1 (the local demo's vendors and webhooks) */
  allowLoopback: boolean
}

/** Production default: public addresses only. */
export const PUBLIC_ONLY: OutboundPolicy = { allowPrivate: false, allowLoopback: false }

const flag = z
  .enum(['0', '1', 'true', 'false'])
  .default('0')
  .transform((v) => v === '1' || v === 'true')
/** The settings of the adapters' and the worker's config.ts (default off): spread into their schema. */
export const outboundConfig = {
  BATON_OUTBOUND_ALLOW_PRIVATE: flag,
  BATON_OUTBOUND_ALLOW_LOOPBACK: flag,
}
/** The policy a parsed config names. */
export const outboundPolicyOf = (c: {
  BATON_OUTBOUND_ALLOW_PRIVATE: boolean
  BATON_OUTBOUND_ALLOW_LOOPBACK: boolean
}): OutboundPolicy => ({
  allowPrivate: c.BATON_OUTBOUND_ALLOW_PRIVATE,
  allowLoopback: c.BATON_OUTBOUND_ALLOW_LOOPBACK,
})

const list = (entries: [string, number, 'ipv4' | 'ipv6'][]) => {
  const b = new BlockList()
  for (const [net, prefix, type] of entries) b.addSubnet(net, prefix, type)
  return b
}
// Never: link-local (cloud metadata 169.254.169.254 and fd00:ec2::254 among them), "this network",
// multicast and reserved ranges, Alibaba's metadata address.
const ALWAYS_REFUSED = list([
  ['0.0.0.0', 8, 'ipv4'],
  ['169.254.0.0', 16, 'ipv4'],
  ['100.100.100.200', 32, 'ipv4'],
  ['224.0.0.0', 4, 'ipv4'],
  ['240.0.0.0', 4, 'ipv4'],
  ['::', 128, 'ipv6'],
  ['fe80::', 10, 'ipv6'],
  ['fd00:ec2::254', 128, 'ipv6'],
  ['ff00::', 8, 'ipv6'],
])
const LOOPBACK = list([
  ['127.0.0.0', 8, 'ipv4'],
  ['::1', 128, 'ipv6'],
])
const PRIVATE = list([
  ['10.0.0.0', 8, 'ipv4'],
  ['172.16.0.0', 12, 'ipv4'],
  ['192.168.0.0', 16, 'ipv4'],
  ['100.64.0.0', 10, 'ipv4'],
  ['fc00::', 7, 'ipv6'],
])

/** Why an address is refused under the policy, or null when it may be reached. */
export function refusalOf(address: string, policy: OutboundPolicy): string | null {
  let ip = address.replace(/^\[|\]$/g, '')
  // IPv4 written as IPv6 (::ffff:169.254.169.254) is judged as the IPv4 it is.
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip)
  if (mapped) ip = mapped[1]!
  const family = isIP(ip)
  if (family === 0) return `${address} is not an IP address`
  const type = family === 4 ? 'ipv4' : 'ipv6'
  if (ALWAYS_REFUSED.check(ip, type)) return `${ip} is link-local, metadata or reserved`
  if (LOOPBACK.check(ip, type) && !policy.allowLoopback)
    return `${ip} is loopback (BATON_OUTBOUND_ALLOW_LOOPBACK is off)`
  if (PRIVATE.check(ip, type) && !policy.allowPrivate)
    return `${ip} is private (BATON_OUTBOUND_ALLOW_PRIVATE is off)`
  return null
}

export class OutboundAddressRefused extends Error {
  readonly code = 'EADDRREFUSED_BY_POLICY'
  constructor(host: string, reason: string) {
    super(`outbound address policy: ${host}: ${reason}`)
  }
}

/** dns.lookup, keeping only addresses the policy allows: the check is on what the socket connects to. */
function guardedLookup(policy: OutboundPolicy): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...(options as LookupOptions), all: true }, (err, addresses) => {
      if (err) return callback(err, '', 4)
      const all = addresses as LookupAddress[]
      const allowed = all.filter((a) => refusalOf(a.address, policy) === null)
      if (allowed.length === 0) {
        const reason = all.map((a) => refusalOf(a.address, policy)).join('; ') || 'no address'
        return callback(new OutboundAddressRefused(hostname, reason), '', 4)
      }
      if ((options as LookupOptions).all) return callback(null, allowed as never)
      callback(null, allowed[0]!.address, allowed[0]!.family)
    })
  }
}

const NULL_BODY = new Set([101, 204, 205, 304])
const MAX_RESPONSE_BYTES = 1024 * 1024

/**
 * A `fetch` for outbound webhooks: each connection is checked on the address it actually
 * connects to (a custom lookup, so DNS cannot point a name elsewhere between check and connect;
 * IP literals checked directly), redirects are never followed (a 3xx is the answer), and the
 * answer's body is read up to 1 MiB. Supports what Baton sends: a method, string headers, a
 * string body, an AbortSignal.
 */
export function guardedFetch(policy: OutboundPolicy): typeof fetch {
  const lookup = guardedLookup(policy)
  return (async (input: string | URL | Request, init: RequestInit = {}) => {
    const url = new URL(input instanceof Request ? input.url : String(input))
    if (url.protocol !== 'http:' && url.protocol !== 'https:')
      throw new TypeError(`outbound: ${url.protocol} is not http or https`)
    const host = url.hostname.replace(/^\[|\]$/g, '')
    if (isIP(host) !== 0) {
      const refused = refusalOf(host, policy)
      if (refused)
        throw new TypeError('fetch failed', { cause: new OutboundAddressRefused(host, refused) })
    }
    const headers: Record<string, string> = {}
    new Headers(init.headers).forEach((v, k) => (headers[k] = v))
    const body = init.body == null ? undefined : String(init.body)
    if (body !== undefined) headers['content-length'] = String(Buffer.byteLength(body))
    const request = url.protocol === 'https:' ? httpsRequest : httpRequest
    const res = await new Promise<IncomingMessage>((resolve, reject) => {
      const req = request(
        url,
        {
          method: init.method ?? 'GET',
          headers,
          lookup,
          // One connection per request: a pooled socket would skip the lookup.
          agent: false,
          ...(init.signal ? { signal: init.signal } : {}),
        },
        resolve
      )
      req.once('error', (e) =>
        reject(
          init.signal?.aborted
            ? (init.signal.reason as Error)
            : new TypeError('fetch failed', { cause: e })
        )
      )
      req.end(body)
    })
    const chunks: Buffer[] = []
    let size = 0
    for await (const chunk of res as AsyncIterable<Buffer>) {
      size += chunk.length
      if (size > MAX_RESPONSE_BYTES) {
        res.destroy()
        break
      }
      chunks.push(chunk)
    }
    const status = res.statusCode ?? 502
    const out = new Headers()
    for (const [k, v] of Object.entries(res.headers))
      if (v !== undefined) out.set(k, Array.isArray(v) ? v.join(', ') : v)
    return new Response(NULL_BODY.has(status) ? null : Buffer.concat(chunks), {
      status: status < 200 ? 502 : status,
      headers: out,
    })
  }) as typeof fetch
}
