// The bench's vendors, run in a worker thread so they do not share the adapters' event loop:
// `senders` loops post signed canonical comments (Standard Webhooks) for `seconds`, spread over
// `keys`, and report each request's status and latency. Plain JS: a worker needs no loader.
import { createHmac, randomUUID } from 'node:crypto'
import { parentPort, workerData } from 'node:worker_threads'
import { threadCpuMs } from '../support/thread-cpu.cjs'

// `rate` (events/s), when set, makes the senders open-loop: a message every 1/rate s whatever the
// answers (a steady vendor load), instead of `senders` closed loops each waiting for its answer.
const { url, secret, keys, senders, seconds, prefix, rate } = workerData
const key = Buffer.from(secret.startsWith('whsec_') ? secret.slice(6) : secret, 'base64')
const latencies = []
const statuses = {}
let n = 0
// This thread's own CPU, so the bench can tell the senders' share from the server's.
const cpuBefore = threadCpuMs()
const started = performance.now()
const until = started + seconds * 1000

async function send(i) {
  const body = JSON.stringify({
    type: 'incident.comment',
    incident: { id: keys[i % keys.length] },
    occurredAt: new Date().toISOString(),
    data: { body: `bench note ${i}` },
  })
  const id = `${prefix}-${i}-${randomUUID()}`
  const ts = Math.floor(Date.now() / 1000)
  const signature = `v1,${createHmac('sha256', key).update(`${id}.${ts}.`).update(body).digest('base64')}`
  const res = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'webhook-id': id,
      'webhook-timestamp': String(ts),
      'webhook-signature': signature,
    },
    body,
  })
  await res.arrayBuffer()
  return res.status
}

const openLoop = async () => {
  const inFlight = []
  for (let k = 0; performance.now() < until; k++) {
    const due = started + (k * 1000) / rate
    const wait = due - performance.now()
    if (wait > 0) await new Promise((r) => setTimeout(r, wait))
    const t0 = performance.now()
    inFlight.push(
      send(n++)
        .catch(() => 0)
        .then((status) => {
          latencies.push(performance.now() - t0)
          statuses[status] = (statuses[status] ?? 0) + 1
        })
    )
  }
  await Promise.all(inFlight)
}

await (rate
  ? openLoop()
  : Promise.all(
      Array.from({ length: senders }, async () => {
        while (performance.now() < until) {
          const t0 = performance.now()
          const status = await send(n++).catch(() => 0)
          latencies.push(performance.now() - t0)
          statuses[status] = (statuses[status] ?? 0) + 1
        }
      })
    ))
parentPort.postMessage({
  latencies,
  statuses,
  seconds: (performance.now() - started) / 1000,
  cpuMs: threadCpuMs() - cpuBefore,
})
