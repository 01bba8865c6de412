import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { World } from '@baton/domain'
import { demoOutageEvents, demoWorld } from '@baton/domain/testing'
import {
  createTestDatabase,
  FORGER_SIGNING_KEY,
  TEST_SIGNING_KEY,
  type TestDatabase,
} from '../testing/index.ts'
import { applyWorld } from '../world/apply-world.ts'
import { recordIncidentEvent, type RecordEventInput } from '../ledger/record-incident-event.ts'
import { signText } from '../signing/ed25519-signing-key.ts'
import { recordIncident } from '../testing/record-incident.ts'
import { settleIncident } from './settle-incident.ts'
import { exportParty, sha256, type ExportManifest, type PartyExport } from './party-export.ts'
import { verifyPartyExport } from './verify-party-export.ts'
import { importPartyExport } from './import-party-export.ts'

// A vendor's export is handed to that vendor: it must hold nothing of the other parties, and
// nobody but Baton can produce one that verifies.
const KEY = 'test-master-key'
const asOf = new Date('2026-04-02T00:00:00Z')
const pinned = { publicKeyPem: TEST_SIGNING_KEY.publicKeyPem }
let t: TestDatabase
let outage: Awaited<ReturnType<typeof recordIncident>>
const lines = (text: string | undefined) =>
  (text ?? '')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>)
const reader = (files: Record<string, string>) => (n: string) => files[n] ?? null
/** Appends an entry to the outage's ledger beside its events, as the workflow does (seq 0: the next). */
const recordOnOutage = (entry: Omit<RecordEventInput, 'incidentId' | 'seq'>) =>
  recordIncidentEvent(t.db, { incidentId: outage.id, seq: 0, ...entry })

/** Contact addresses, channel URLs and outbound endpoints of every party but `slug`. */
const othersSecrets = (slug: string) =>
  demoWorld.parties
    .filter((p) => p.slug !== slug)
    .flatMap((p) => [
      ...p.desks.flatMap((d) =>
        d.contacts.flatMap((c) => c.channels.map((ch) => ('address' in ch ? ch.address : ch.url)))
      ),
      ...(p.integration?.outboundUrl ? [p.integration.outboundUrl] : []),
    ])

beforeAll(async () => {
  t = await createTestDatabase(inject('pgAdminUrl'), inject('pgTemplate'))
  await applyWorld(
    t.db,
    {
      ...demoWorld,
      parties: demoWorld.parties.map((p) =>
        p.integration
          ? {
              ...p,
              integration: {
                ...p.integration,
                outboundUrl: `https://${p.slug}.internal.example/hooks/baton`,
              },
            }
          : p
      ),
    },
    { masterKey: KEY, resolveSecret: () => 'unused' }
  )
  outage = await recordIncident(t.db, 'trust-outage', demoOutageEvents, demoWorld)
  // What the workflow records beside the events: escalations to each vendor with their
  // recipients, the delivery outcomes, a refused vendor message; and each vendor's raw messages.
  const at = demoOutageEvents[3]!.at
  for (const [party, recipient] of [
    ['vistula', 'Vistula lead <lead@vistula.example>'],
    ['stratus', 'Stratus on-call <oncall@stratus.example>'],
  ] as const) {
    const key = `ladder:${party}:1:1:0`
    await recordOnOutage({
      idempotencyKey: `trust/${party}/esc`,
      at,
      type: 'escalation.triggered',
      actor: 'baton',
      data: { key, reason: 'unacknowledged', step: 1, party, desk: null, recipients: [recipient] },
      escalation: {
        at,
        reason: 'unacknowledged',
        step: 1,
        party,
        desk: null,
        recipients: [recipient],
      },
    })
    await recordOnOutage({
      idempotencyKey: `trust/${party}/delivery`,
      at,
      type: 'notification.delivery',
      actor: 'baton',
      data: {
        escalationKey: key,
        sent: 1,
        failed: 0,
        deferred: 0,
        outcomes: [{ recipient, state: 'SENT', channel: `mailto:${recipient}`, attempts: 1 }],
      },
    })
  }
  await recordOnOutage({
    idempotencyKey: 'trust/vistula/refused',
    at,
    type: 'vendor_event.refused',
    actor: 'vistula',
    data: {
      receipt: 'r-v-1',
      messageId: 'm-v-1',
      event: {
        type: 'comment',
        party: 'vistula',
        body: 'vistula internal runbook https://wiki.vistula.example/secret',
      },
      code: 'CONFLICT',
      message: 'closed',
    },
  })
  await t.sql`insert into inbound_receipts (receipt, party_id, message_id, body_hash, incident_id, type, event, payload, status)
    select 'r-' || slug, id, 'm-' || slug, 'h', ${outage.id}, 'comment', '{}'::jsonb, jsonb_build_object('secret', slug || '-private-payload'), 'APPLIED' from parties where slug in ('vistula', 'stratus')`
  await settleIncident(t.db, {
    incidentId: outage.id,
    incidentKey: outage.key,
    workflowId: outage.workflowId,
    closedAt: demoOutageEvents.at(-1)!.at,
    events: demoOutageEvents,
    world: demoWorld,
  })
})
afterAll(() => t?.drop())

describe("a vendor's export holds only what that vendor may see", () => {
  it("has no other party's bonds, contacts, endpoints, messages, credits or recipients, and says what it withheld", async () => {
    const ex = await exportParty(t.db, 'stratus', { now: asOf, signingKey: TEST_SIGNING_KEY })
    const all = Object.values(ex.files).join('\n')
    for (const secret of [
      ...othersSecrets('stratus'),
      'lead@vistula.example',
      'vistula-private-payload',
      'wiki.vistula.example',
    ])
      expect(all, secret).not.toContain(secret)
    expect(all).toContain('oncall@stratus.example')
    expect(all).toContain('stratus-private-payload')
    expect(lines(ex.files['bonds.ndjson']).map((b) => b.partyId)).toEqual(['stratus'])
    expect(new Set(lines(ex.files['credit-lines.ndjson']).map((l) => l.party))).toEqual(
      new Set(['stratus'])
    )
    expect(
      lines(ex.files['settlements.ndjson']).flatMap((s) =>
        (s.credits as Array<{ party: string }>).map((c) => c.party)
      )
    ).toEqual(['stratus'])
    const world = World.parse(lines(ex.files['world.ndjson'])[0])
    for (const p of world.parties.filter((x) => x.slug !== 'stratus'))
      expect([p.slug, p.integration, p.desks.flatMap((d) => d.contacts)]).toEqual([
        p.slug,
        undefined,
        [],
      ])
    expect(
      world.agreements.every(
        (a) => a.provider === 'stratus' || a.customer === 'stratus' || a.provider === '*'
      )
    ).toBe(true)
    expect(world.ladders.every((l) => l.party === 'stratus')).toBe(true)
    expect(ex.manifest).toMatchObject({
      view: 'party',
      keyId: TEST_SIGNING_KEY.keyId,
      ledger: { redacted: 3 },
    })
    expect(verifyPartyExport(reader(ex.files), pinned)).toMatchObject({
      ok: true,
      redactedEntries: 3,
      signature: { ok: true, pinned: true, keyId: TEST_SIGNING_KEY.keyId },
    })
  })

  it("the retained organisation's export is the whole record", async () => {
    const ex = await exportParty(t.db, 'northwind', { now: asOf, signingKey: TEST_SIGNING_KEY })
    expect(Object.values(ex.files).join('\n')).toContain('lead@vistula.example')
    expect(ex.manifest).toMatchObject({ view: 'full', ledger: { redacted: 0 } })
  })
})

describe('only Baton can make an export that verifies', () => {
  /** A forger's edit: drop the incident's last `n` entries, re-hash the file, re-list it and its head in the manifest. */
  const truncate = (ex: PartyExport, n: number, sign?: typeof FORGER_SIGNING_KEY) => {
    const kept = ex.files['ledger.ndjson']!.split('\n').filter(Boolean).slice(0, -n)
    const ledger = kept.map((l) => `${l}\n`).join('')
    const last = JSON.parse(kept.at(-1)!) as { incidentId: string; seq: number; hash: string }
    const manifest: ExportManifest = {
      ...ex.manifest,
      files: ex.manifest.files.map((f) =>
        f.name === 'ledger.ndjson' ? { ...f, count: kept.length, sha256: sha256(ledger) } : f
      ),
      ledger: {
        ...ex.manifest.ledger,
        entries: kept.length,
        heads: [{ incidentId: last.incidentId, seq: last.seq, hash: last.hash }],
      },
    }
    const manifestText = JSON.stringify(manifest, null, 2) + '\n'
    return {
      ...ex.files,
      'ledger.ndjson': ledger,
      'manifest.json': manifestText,
      ...(sign
        ? {
            'manifest.sig': signText(sign, manifestText) + '\n',
            'export-key.pem': sign.publicKeyPem,
          }
        : {}),
    }
  }

  it('entries removed, re-hashed and re-listed: the signature fails', async () => {
    const ex = await exportParty(t.db, 'vistula', { now: asOf, signingKey: TEST_SIGNING_KEY })
    const forged = truncate(ex, 3)
    const v = verifyPartyExport(reader(forged))
    expect(v.ok).toBe(false)
    expect(v.signature.ok).toBe(false)
    expect(v.problems).toEqual([
      expect.objectContaining({
        file: 'manifest.sig',
        message: expect.stringContaining('signature does not verify'),
      }),
    ])
    // Re-signed with the forger's own key: the export's key id is not Baton's, and against the pinned key it fails.
    const resigned = truncate(ex, 3, FORGER_SIGNING_KEY)
    expect(verifyPartyExport(reader(resigned)).signature).toMatchObject({
      ok: true,
      keyId: FORGER_SIGNING_KEY.keyId,
    })
    expect(verifyPartyExport(reader(resigned), pinned)).toMatchObject({
      ok: false,
      signature: { ok: false, pinned: true },
    })
  })

  it('entries removed but the manifest left as signed: the missing tail is named', async () => {
    const ex = await exportParty(t.db, 'vistula', { now: asOf, signingKey: TEST_SIGNING_KEY })
    const all = ex.files['ledger.ndjson']!.split('\n').filter(Boolean)
    const last = JSON.parse(all.at(-1)!) as { seq: number }
    const ledger = all
      .slice(0, -2)
      .map((l) => `${l}\n`)
      .join('')
    const v = verifyPartyExport(reader({ ...ex.files, 'ledger.ndjson': ledger }), pinned)
    expect(v.signature.ok).toBe(true)
    expect(v.problems).toContainEqual(
      expect.objectContaining({
        file: 'ledger.ndjson',
        incidentId: outage.id,
        seq: last.seq - 1,
        message: expect.stringContaining(`entries ${last.seq - 1}..${last.seq} missing`),
      })
    )
  })

  it('a manifest path outside the export is refused, never read', async () => {
    const ex = await exportParty(t.db, 'vistula', { now: asOf, signingKey: TEST_SIGNING_KEY })
    const asked: string[] = []
    for (const name of ['../../../etc/hostname', '/etc/hostname', 'sub/ledger.ndjson']) {
      const manifestText = JSON.stringify({
        ...ex.manifest,
        files: [...ex.manifest.files, { name, count: 1, sha256: 'x' }],
      })
      const files: Record<string, string> = {
        ...ex.files,
        'manifest.json': manifestText,
        'manifest.sig': signText(TEST_SIGNING_KEY, manifestText),
      }
      const v = verifyPartyExport((n) => {
        asked.push(n)
        return files[n] ?? null
      }, pinned)
      expect(v.problems).toEqual([{ file: name, message: expect.stringContaining('refused') }])
    }
    expect(asked.filter((n) => n.includes('/'))).toEqual([])
  })

  it('import refuses an export whose signature does not verify, and writes nothing', async () => {
    const ex = await exportParty(t.db, 'vistula', { now: asOf, signingKey: TEST_SIGNING_KEY })
    const fresh = await createTestDatabase(inject('pgAdminUrl'), inject('pgTemplate'))
    try {
      const resigned = truncate(ex, 3, FORGER_SIGNING_KEY)
      await expect(
        importPartyExport(fresh.db, reader(truncate(ex, 3)), { masterKey: KEY })
      ).rejects.toMatchObject({
        code: 'BAD_USER_INPUT',
        message: expect.stringContaining('signature does not verify'),
      })
      await expect(
        importPartyExport(fresh.db, reader(resigned), { masterKey: KEY, ...pinned })
      ).rejects.toMatchObject({ code: 'BAD_USER_INPUT' })
      const [counts] =
        await fresh.sql`select (select count(*)::int from incidents) as incidents, (select count(*)::int from parties) as parties`
      expect(counts).toEqual({ incidents: 0, parties: 0 })
      await importPartyExport(fresh.db, reader(ex.files), { masterKey: KEY, ...pinned })
      const [imported] =
        await fresh.sql`select count(*)::int as n, count(*) filter (where redacted)::int as redacted from ledger_entries`
      expect(imported).toEqual({ n: ex.manifest.ledger.entries, redacted: 2 })
    } finally {
      await fresh.drop()
    }
  })

  // Last: it edits the ledger behind the trigger.
  it('an entry edited in SQL fails verification at that entry, whether the party sees it in full or redacted', async () => {
    await t.owner.begin(async (tx) => {
      await tx.unsafe('alter table ledger_entries disable trigger ledger_entries_append_only')
      await tx`update ledger_entries set data = jsonb_set(data, '{reason}', '"forged"') where incident_id = ${outage.id} and idempotency_key = 'trust/stratus/esc'`
      await tx.unsafe('alter table ledger_entries enable trigger ledger_entries_append_only')
    })
    const [edited] =
      await t.sql`select seq from ledger_entries where incident_id = ${outage.id} and idempotency_key = 'trust/stratus/esc'`
    const at = { incidentId: outage.id, seq: edited!.seq as number }
    // Stratus sees its own escalation in full: re-hashing it offline names it.
    const own = await exportParty(t.db, 'stratus', { now: asOf, signingKey: TEST_SIGNING_KEY })
    const full = verifyPartyExport(reader(own.files), pinned)
    expect(full).toMatchObject({ ok: false, firstBrokenEntry: at })
    expect(full.problems).toEqual([
      expect.objectContaining({ ...at, message: 'hash does not match the entry content' }),
    ])
    // Vistula sees it redacted and cannot re-hash it: Baton's check at export names it in the signed manifest.
    const other = await exportParty(t.db, 'vistula', { now: asOf, signingKey: TEST_SIGNING_KEY })
    expect(lines(other.files['ledger.ndjson']).find((e) => e.seq === at.seq)).toMatchObject({
      redacted: true,
    })
    expect(other.manifest.ledger.brokenAtExport).toEqual([expect.objectContaining(at)])
    const redacted = verifyPartyExport(reader(other.files), pinned)
    expect(redacted).toMatchObject({ ok: false, signature: { ok: true }, firstBrokenEntry: at })
    expect(redacted.problems).toEqual([
      expect.objectContaining({
        ...at,
        message: expect.stringContaining('Baton found this entry broken at export'),
      }),
    ])
  })
})
