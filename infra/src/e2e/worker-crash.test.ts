import type { ChildProcess } from 'node:child_process'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { commandUpdate, type IncidentCommand } from '@baton/temporal'
import { createHarness, type Harness } from '../testing/e2e-harness.ts'
import { serviceProcesses } from '../testing/service-processes.ts'
import { saveHistoryIfAsked } from '../testing/save-history.ts'

// A 15-minute hand-off OLA runs in 3 s here (every demo-world duration scaled by 1/300).
const SCALE = 1 / 300
let h: Harness
let worker: ChildProcess | null = null

const startWorkerProcess = () => {
  worker = serviceProcesses(h).start('services/workflows/src/main.ts', {
    BATON_WORKER_METRICS_PORT: '0',
    BATON_SMTP_PORT: String(h.mailbox.port),
    BATON_OUTBOUND_ALLOW_LOOPBACK: '1',
  })
}
const killWorker = () =>
  new Promise<void>((resolve) => {
    worker!.once('exit', () => resolve())
    worker!.kill('SIGKILL')
  })

beforeAll(async () => {
  h = await createHarness({ scale: SCALE, withoutIntegrations: true })
})
afterAll(async () => {
  if (worker && worker.exitCode === null) await killWorker()
  await h?.close()
})

describe('durable deadlines', () => {
  it('expires an offer and escalates exactly once when the worker is SIGKILLed during the OLA and restarted after it', async () => {
    startWorkerProcess()
    const inc = await h.declare({
      clientKey: 'crash-1',
      title: 'Checkout errors',
      priority: 'P1',
      holder: 'stratus',
    })
    const send = (c: Record<string, unknown>) =>
      inc.handle.executeUpdate(commandUpdate, {
        args: [{ ...c, at: new Date().toISOString() } as IncidentCommand],
      })
    await send({ type: 'acknowledged', party: 'stratus' })
    const offer = await send({
      type: 'handoff_offered',
      handoffId: '',
      from: 'stratus',
      to: 'vistula',
      reason: 'application defect',
    })
    await killWorker()
    await new Promise((r) => setTimeout(r, 4000)) // the OLA (3 s) runs out while no worker runs
    startWorkerProcess()
    await expect
      .poll(
        async () =>
          (
            await h.t
              .sql`select count(*)::int as n from ledger_entries where incident_id = ${inc.id} and type = 'handoff_expired'`
          )[0]!.n,
        { timeout: 90_000, interval: 250 }
      )
      .toBe(1)
    await send({ type: 'handoff_accepted', handoffId: offer.handoffId, party: 'vistula' })
    await new Promise((r) => setTimeout(r, 1000))
    if (process.env.BATON_SAVE_HISTORIES === '1') {
      await send({ type: 'resolved', party: 'vistula', resolution: 'fixed' })
      await send({ type: 'closed', party: 'northwind' })
      await saveHistoryIfAsked(inc.handle, 'worker-crash-open-offer')
    }

    const ledger = await h.t
      .sql`select seq, type, data, idempotency_key from ledger_entries where incident_id = ${inc.id} order by seq`
    expect(ledger.map((e) => e.seq)).toEqual(ledger.map((_, i) => i + 1))
    expect(new Set(ledger.map((e) => e.idempotency_key)).size).toBe(ledger.length)
    const breaches = ledger.filter(
      (e) => e.type === 'clock.breached' && e.data.metric === 'HANDOFF_ACCEPT'
    )
    expect(
      breaches.map((e) => `${e.data.agreement}/${e.data.party} -> ${e.data.attributedTo}`)
    ).toEqual(['handoff-acceptance@1/vistula -> vistula'])
    expect(ledger.filter((e) => e.type === 'handoff_expired')).toHaveLength(1)
    const escalations = ledger
      .filter((e) => e.type === 'escalation.triggered')
      .map((e) => e.data.key)
    expect(new Set(escalations).size).toBe(escalations.length)
    expect(escalations.filter((k) => k === 'ladder:vistula:1:2:0')).toHaveLength(1) // the duty manager, paged once, after the restart
  }, 150_000)
})
