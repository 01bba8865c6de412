import { mkdirSync, writeFileSync } from 'node:fs'
import type { AddressInfo, Server } from 'node:net'
import { join } from 'node:path'
import { SMTPServer } from 'smtp-server'

export type LocalMailbox = {
  host: string
  port: number
  dir: string | null
  received: () => number
  close: () => Promise<void>
}

/**
 * A real SMTP server on loopback that keeps every message it accepts as an .eml file (one per
 * recipient) under `dir`: the demo's and the tests' mailbox. Open the files in any mail reader.
 */
export async function startLocalMailbox(
  o: { dir?: string; port?: number } = {}
): Promise<LocalMailbox> {
  if (o.dir) mkdirSync(o.dir, { recursive: true })
  let count = 0
  const server = new SMTPServer({
    disabledCommands: ['AUTH', 'STARTTLS'],
    authOptional: true,
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = []
      stream.on('data', (c: Buffer) => chunks.push(c))
      stream.on('end', () => {
        count += 1
        if (o.dir) {
          for (const rcpt of session.envelope.rcptTo) {
            const file = `${new Date().toISOString().replace(/[:.]/g, '-')}-${String(count).padStart(4, '0')}-${rcpt.address.replace(/[^a-z0-9@._-]/gi, '_')}.eml`
            writeFileSync(join(o.dir, file), Buffer.concat(chunks))
          }
        }
        callback()
      })
    },
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(o.port ?? 0, '127.0.0.1', () => resolve())
  })
  const port = ((server as unknown as { server: Server }).server.address() as AddressInfo).port
  return {
    host: '127.0.0.1',
    port,
    dir: o.dir ?? null,
    received: () => count,
    close: () => new Promise<void>((r) => server.close(() => r())),
  }
}
