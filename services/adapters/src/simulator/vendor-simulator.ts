import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Dialect } from '@baton/domain'
import type { Mappings } from '../dialects/inbound-message.ts'
import { dialectOf } from '../dialects/registry.ts'
import type { OutboundMessage } from '../delivery/outbound-message.ts'
import { verifyStandardWebhook } from '../signing/standard-webhooks.ts'
import { readOutbound } from './read-outbound.ts'
import { buildVendorPayload, type VendorAction } from './vendor-payloads.ts'

/** canonicalOutbound: the party opted for Baton's canonical outbound JSON instead of its dialect's shape */
export type SimulatedVendor = {
  slug: string
  dialect: Dialect
  inboundSecret: string
  outboundSecret: string
  mappings: Mappings
  canonicalOutbound?: boolean | undefined
}
/** message: what the vendor understood of the body it received in `format` (its dialect, or canonical) */
export type ReceivedMessage = {
  vendor: string
  verified: boolean
  message: OutboundMessage
  format: Dialect
  body: unknown
  at: Date
}
export type SendResult = { status: number; body: unknown; attempts: number }
export type Reaction = (vendor: SimulatedVendor, message: OutboundMessage) => VendorAction | null

export type SimulatorOptions = {
  /** the adapters' base URL, e.g. http://127.0.0.1:4100 */
  webhookBaseUrl: string
  vendors: SimulatedVendor[]
  port?: number
  /** how vendors answer what Baton sends them (e.g. acknowledge an assignment); none by default */
  react?: Reaction
  /** a vendor answering 410 Gone on its endpoint, per slug */
  gone?: Set<string>
}

/**
 * docs/scenario.md's vendors on loopback: one HTTP server receives Baton's outbound messages at
 * /<slug>/baton (checking the Standard Webhooks signature, parsing the vendor's own outbound shape
 * and answering 400 to one it cannot read), and send() posts signed events in each vendor's own
 * dialect to the webhook endpoint, retrying as a vendor would.
 */
export class VendorSimulator {
  readonly received: ReceivedMessage[] = []
  /** bodies a vendor could not read in its format (answered 400) */
  readonly unreadable: { vendor: string; format: Dialect; body: string; error: string }[] = []
  private server: Server | null = null
  private readonly bySlug: Map<string, SimulatedVendor>
  private readonly reactions: Promise<unknown>[] = []

  constructor(private readonly o: SimulatorOptions) {
    this.bySlug = new Map(o.vendors.map((v) => [v.slug, v]))
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server?.address() as AddressInfo).port}`
  }
  endpointOf(slug: string) {
    return `${this.url}/${slug}/baton`
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = []
      req.on('data', (c: Buffer) => chunks.push(c))
      req.on('end', () => {
        const slug = req.url?.split('/')[1] ?? ''
        const vendor = this.bySlug.get(slug)
        if (!vendor || req.method !== 'POST') {
          res.statusCode = 404
          res.end()
          return
        }
        if (this.o.gone?.has(slug)) {
          res.statusCode = 410
          res.end()
          return
        }
        const body = Buffer.concat(chunks).toString('utf8')
        const verified = verifyStandardWebhook(
          new Headers(req.headers as Record<string, string>),
          body,
          [vendor.outboundSecret],
          new Date()
        ).ok
        const format: Dialect = vendor.canonicalOutbound ? 'canonical' : vendor.dialect
        let json: unknown
        let message: OutboundMessage
        try {
          json = JSON.parse(body)
          message = readOutbound(format, json, vendor.mappings)
        } catch (error) {
          this.unreadable.push({ vendor: slug, format, body, error: (error as Error).message })
          res.statusCode = 400
          res.end()
          return
        }
        this.received.push({ vendor: slug, verified, message, format, body: json, at: new Date() })
        res.statusCode = verified ? 200 : 401
        res.end()
        const answer = verified ? this.o.react?.(vendor, message) : null
        if (answer) this.reactions.push(this.send(slug, answer).catch(() => {}))
      })
    })
    await new Promise<void>((resolve) =>
      this.server!.listen(this.o.port ?? 0, '127.0.0.1', resolve)
    )
    return this
  }

  /** Posts one signed event as the vendor; retries network errors, 429 and 5xx up to `attempts` times. */
  async send(
    slug: string,
    action: VendorAction,
    o: { attempts?: number; signal?: AbortSignal } = {}
  ): Promise<SendResult> {
    const vendor = this.bySlug.get(slug)
    if (!vendor) throw new Error(`no simulated vendor '${slug}'`)
    const { body, messageId } = buildVendorPayload(vendor.dialect, action, vendor.mappings)
    const text = JSON.stringify(body)
    const max = o.attempts ?? 5
    for (let attempt = 1; ; attempt++) {
      try {
        const headers = dialectOf(vendor.dialect).sign(
          vendor.inboundSecret,
          text,
          new Date(),
          messageId
        )
        const res = await fetch(`${this.o.webhookBaseUrl}/webhooks/${slug}`, {
          method: 'POST',
          headers,
          body: text,
          ...(o.signal ? { signal: o.signal } : {}),
        })
        const answer = await res.json().catch(() => null)
        if ((res.status < 500 && res.status !== 429) || attempt >= max)
          return { status: res.status, body: answer, attempts: attempt }
      } catch (error) {
        if (attempt >= max) throw error
      }
      await new Promise((r) => setTimeout(r, Math.min(100 * 2 ** attempt, 2000)))
    }
  }

  messagesFor(slug: string) {
    return this.received.filter((r) => r.vendor === slug)
  }

  async stop(): Promise<void> {
    await Promise.all(this.reactions)
    await new Promise<void>((resolve) =>
      this.server ? this.server.close(() => resolve()) : resolve()
    )
    this.server = null
  }
}

/** The usual vendor: acknowledges what it is assigned and accepts hand-offs offered to it. */
export const cooperativeVendor: Reaction = (vendor, m) => {
  const ref = m.incident.vendorRef ?? `${vendor.slug.toUpperCase()}-${m.incident.key}`
  if (m.type === 'incident.assigned' && m.incident.holder === vendor.slug)
    return { type: 'incident.acknowledged', vendorRef: ref, incidentId: m.incident.id }
  if (m.type === 'handoff.offered' && m.data.to === vendor.slug)
    return {
      type: 'handoff.accepted',
      vendorRef: ref,
      incidentId: m.incident.id,
      handoffId: m.data.handoffId as string,
    }
  return null
}
