import { createServer, type IncomingHttpHeaders, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { SMTPServer } from 'smtp-server'
import { simpleParser, type ParsedMail } from 'mailparser'

// Real receivers on loopback for the notification tests: an SMTP server (smtp-server) that
// keeps every accepted message, and an HTTP server that records every request per path.

export type ReceivedMail = { to: string[]; mail: ParsedMail; raw: string }
export type SmtpFault = { stage: 'rcpt' | 'data'; code: number; message: string }
export type Mailbox = {
  port: number
  messages: ReceivedMail[]
  attempts: number
  faults: Map<string, SmtpFault[]>
  close(): Promise<void>
}

const smtpError = (f: SmtpFault) => Object.assign(new Error(f.message), { responseCode: f.code })

/** Faults are per recipient address and consumed in order; a fault with code 550 is never consumed. */
export async function startMailbox(log: string[] = []): Promise<Mailbox> {
  const messages: ReceivedMail[] = []
  const faults = new Map<string, SmtpFault[]>()
  const box = { attempts: 0 }
  const take = (address: string, stage: SmtpFault['stage']) => {
    const list = faults.get(address.toLowerCase())
    const f = list?.[0]
    if (!f || f.stage !== stage) return undefined
    if (f.code < 500) list!.shift()
    return f
  }
  const server = new SMTPServer({
    disabledCommands: ['AUTH', 'STARTTLS'],
    authOptional: true,
    logger: false,
    onRcptTo(address, _session, cb) {
      const f = take(address.address, 'rcpt')
      cb(f ? smtpError(f) : undefined)
    },
    onData(stream, session, cb) {
      const chunks: Buffer[] = []
      stream.on('data', (c: Buffer) => chunks.push(c))
      stream.on('end', () => {
        box.attempts++
        const to = session.envelope.rcptTo.map((r) => r.address)
        const f = to.map((a) => take(a, 'data')).find(Boolean)
        if (f) return cb(smtpError(f))
        const raw = Buffer.concat(chunks).toString('utf8')
        log.push(...to.map((a) => `smtp:${a}`))
        simpleParser(raw).then(
          (mail) => {
            messages.push({ to, mail, raw })
            cb()
          },
          (e: Error) => cb(e)
        )
      })
    },
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = ((server as unknown as { server: Server }).server.address() as AddressInfo).port
  return {
    port,
    messages,
    faults,
    get attempts() {
      return box.attempts
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}

export type ReceivedRequest = {
  path: string
  headers: IncomingHttpHeaders
  body: string
  status: number
}
export type HttpReceiver = {
  url(path: string): string
  requests: ReceivedRequest[]
  accepted(path: string): ReceivedRequest[]
  respond: Map<string, number[]>
  close(): Promise<void>
}

/** Answers 200 unless `respond` holds a queue of statuses for the path (consumed in order). */
export async function startHttpReceiver(log: string[] = []): Promise<HttpReceiver> {
  const requests: ReceivedRequest[] = []
  const respond = new Map<string, number[]>()
  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const path = req.url ?? '/'
      const status = respond.get(path)?.shift() ?? 200
      requests.push({
        path,
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        status,
      })
      if (status < 300) log.push(`http:${path}`)
      res.writeHead(status, { 'content-type': 'text/plain' }).end(status < 300 ? 'ok' : 'try again')
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: (path) => `http://127.0.0.1:${port}${path}`,
    requests,
    respond,
    accepted: (path) => requests.filter((r) => r.path === path && r.status < 300),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
