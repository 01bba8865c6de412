import type { IncomingMessage } from 'node:http'
import { ServiceError } from '../../app/service-error.ts'

const tooLarge = (limit: number) =>
  new ServiceError('PAYLOAD_TOO_LARGE', `body over ${limit} bytes`)

/**
 * The raw body as UTF-8, refused with 413 as soon as it passes the limit (declared or streamed).
 * Served by @hono/node-server, `incoming` is Node's request: read from it directly when nothing
 * has read it yet. `req.body` makes @hono/node-server build a web Request and a web stream over
 * the Node stream (undici's Request, an AbortController, Readable.toWeb); in a CPU profile of the
 * webhooks bench's intake that was about a sixth of the main thread's time per webhook.
 */
export async function readBody(
  req: Request,
  limit: number,
  incoming?: IncomingMessage
): Promise<string> {
  const declared = req.headers.get('content-length')
  if (declared && Number(declared) > limit) throw tooLarge(limit)
  if (incoming && !incoming.readableDidRead && incoming.listenerCount('data') === 0)
    return readIncoming(incoming, limit)
  if (!req.body) return ''
  const reader = req.body.getReader()
  const chunks: Uint8Array[] = []
  let total = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    total += value.byteLength
    if (total > limit) {
      await reader.cancel().catch(() => {})
      throw tooLarge(limit)
    }
    chunks.push(value)
  }
  return Buffer.concat(chunks).toString('utf8')
}

/** The Node request's body; past the limit the request is destroyed, as cancelling the web stream did. */
function readIncoming(incoming: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let total = 0
    const settle = (error: unknown) => {
      incoming.off('data', onData)
      incoming.off('end', onEnd)
      incoming.off('error', onError)
      incoming.off('close', onClose)
      if (error) reject(error)
      else resolve(Buffer.concat(chunks, total).toString('utf8'))
    }
    const onData = (chunk: Buffer) => {
      total += chunk.byteLength
      if (total > limit) {
        settle(tooLarge(limit))
        incoming.destroy()
        return
      }
      chunks.push(chunk)
    }
    const onEnd = () => settle(null)
    const onError = (error: Error) => settle(error)
    const onClose = () => settle(new Error('the request ended before its body'))
    incoming.on('data', onData)
    incoming.once('end', onEnd)
    incoming.once('error', onError)
    incoming.once('close', onClose)
  })
}

export function requireJson(req: Request): void {
  const type = req.headers.get('content-type')?.split(';')[0]?.trim().toLowerCase()
  if (type !== 'application/json' && !type?.endsWith('+json'))
    throw new ServiceError(
      'UNSUPPORTED_MEDIA_TYPE',
      'content-type must be application/json',
      'content-type'
    )
}
