import type { ChannelOutcome } from './channel-outcome.ts'
import { httpOutcome } from './channel-outcome.ts'

export type HttpPost = {
  url: string
  body: string
  headers: Record<string, string>
  timeoutMs: number
  fetch: typeof fetch
}

/** One POST; network faults and timeouts are transient, the status decides the rest. */
export async function postJson(o: HttpPost): Promise<ChannelOutcome> {
  try {
    const res = await o.fetch(o.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'user-agent': 'Baton-Notifications/1',
        ...o.headers,
      },
      body: o.body,
      signal: AbortSignal.timeout(o.timeoutMs),
    })
    const text = await res.text().catch(() => '')
    return httpOutcome(res.status, text)
  } catch (e) {
    const err = e as Error & { cause?: { code?: string } }
    return {
      status: 'transient',
      error: `${err.name === 'TimeoutError' ? 'timeout' : 'network'}: ${err.cause?.code ?? err.message}`,
    }
  }
}
