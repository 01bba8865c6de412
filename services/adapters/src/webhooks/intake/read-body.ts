import { ServiceError } from '../../app/service-error.ts'

/** The raw body as UTF-8, refused with 413 as soon as it passes the limit (declared or streamed). */
export async function readBody(req: Request, limit: number): Promise<string> {
  const declared = req.headers.get('content-length')
  if (declared && Number(declared) > limit)
    throw new ServiceError('PAYLOAD_TOO_LARGE', `body over ${limit} bytes`)
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
      throw new ServiceError('PAYLOAD_TOO_LARGE', `body over ${limit} bytes`)
    }
    chunks.push(value)
  }
  return Buffer.concat(chunks).toString('utf8')
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
