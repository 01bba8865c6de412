import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  anchorSignatureOk,
  createLedgerAnchor,
  recordIncidentEvent,
  signText,
  verifyText,
  type PublishedAnchor,
} from '@baton/db'
import { TEST_SIGNING_KEY } from '@baton/db/testing'
import { createGatewayFixture, type GatewayFixture } from '../testing/gateway-fixture.ts'

let f: GatewayFixture
beforeAll(async () => {
  f = await createGatewayFixture({
    exportKey: { publicKeyPem: TEST_SIGNING_KEY.publicKeyPem, keyId: TEST_SIGNING_KEY.keyId },
  })
})
afterAll(() => f?.close())

describe('GET /.well-known/baton-export-key', () => {
  it('serves the public key that verifies what Baton signs, without a token', async () => {
    const res = await f.app.request('/.well-known/baton-export-key')
    expect(res.status).toBe(200)
    expect(res.headers.get('x-baton-key-id')).toBe(TEST_SIGNING_KEY.keyId)
    const pem = await res.text()
    expect(pem).toMatch(/^-----BEGIN PUBLIC KEY-----/)
    expect(pem).not.toContain('PRIVATE')
    expect(verifyText(pem, 'a manifest\n', signText(TEST_SIGNING_KEY, 'a manifest\n'))).toBe(true)
    expect(verifyText(pem, 'another manifest\n', signText(TEST_SIGNING_KEY, 'a manifest\n'))).toBe(
      false
    )
  })
})

describe('GET /.well-known/baton-ledger-anchor', () => {
  it('serves the latest signed anchor, which verifies against the published key', async () => {
    expect((await f.app.request('/.well-known/baton-ledger-anchor')).status).toBe(404)
    const inc = await f.seedIncident({ clientKey: 'anchored', holder: 'stratus' })
    await recordIncidentEvent(f.t.db, {
      incidentId: inc.id,
      seq: 0,
      idempotencyKey: 'anchored/2',
      at: '2026-03-06T20:05:00.000Z',
      type: 'comment',
      actor: 'stratus',
      data: {},
    })
    const { anchor } = await createLedgerAnchor(f.t.db, { signingKey: TEST_SIGNING_KEY })
    const res = await f.app.request('/.well-known/baton-ledger-anchor')
    const served = (await res.json()) as PublishedAnchor
    expect(served).toEqual(anchor)
    expect(
      anchorSignatureOk(served, await (await f.app.request('/.well-known/baton-export-key')).text())
    ).toBe(true)
  })
})
