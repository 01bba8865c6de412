import { signingKeyFromSeed, type SigningKey } from '@baton/db'
import { resolveStateSecret } from './state-secret.ts'

/**
 * Baton's Ed25519 signing key seed (exports, ledger anchors): BATON_SIGNING_KEY (32 bytes,
 * base64), else one generated once into .baton/signing.key (mode 600; see stateDir), kept
 * exactly like the master key. Losing it means later exports are signed by a new key id.
 */
export const resolveSigningKeySeed = (projectRoot: string): string =>
  resolveStateSecret(projectRoot, process.env.BATON_SIGNING_KEY, 'signing.key')

export const resolveSigningKey = (projectRoot: string): SigningKey =>
  signingKeyFromSeed(resolveSigningKeySeed(projectRoot))
