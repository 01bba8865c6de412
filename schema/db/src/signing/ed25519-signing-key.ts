import {
  createHash,
  createPrivateKey,
  createPublicKey,
  sign,
  verify,
  type KeyObject,
} from 'node:crypto'

/**
 * Baton's Ed25519 signing key (exports and ledger anchors). Kept as a 32-byte seed, base64,
 * like the master key (BATON_SIGNING_KEY, else generated once into the state directory).
 * The public half is published as a PEM (SPKI) so an auditor can check a signature with
 * nothing but OpenSSL; its key id is the first 16 hex digits of the SPKI's sha256.
 */
export type SigningKey = { privateKey: KeyObject; publicKeyPem: string; keyId: string }

// PKCS#8 wrapping of a raw Ed25519 seed (RFC 8410): fixed 16-byte prefix, then the 32 bytes.
const PKCS8_ED25519_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex')

export function signingKeyFromSeed(seedBase64: string): SigningKey {
  const seed = Buffer.from(seedBase64.trim(), 'base64')
  if (seed.length !== 32)
    throw new Error(
      `the signing key must be 32 bytes of base64 (an Ed25519 seed); got ${seed.length} bytes`
    )
  const privateKey = createPrivateKey({
    key: Buffer.concat([PKCS8_ED25519_PREFIX, seed]),
    format: 'der',
    type: 'pkcs8',
  })
  const publicKeyPem = createPublicKey(privateKey)
    .export({ format: 'pem', type: 'spki' })
    .toString()
  return { privateKey, publicKeyPem, keyId: keyIdOf(publicKeyPem) }
}

/** First 16 hex digits of sha256 over the public key's DER (SPKI). */
export function keyIdOf(publicKeyPem: string): string {
  const der = createPublicKey(publicKeyPem).export({ format: 'der', type: 'spki' })
  return createHash('sha256').update(der).digest('hex').slice(0, 16)
}

/** Base64 Ed25519 signature over the exact UTF-8 bytes of `text`. */
export const signText = (key: SigningKey, text: string): string =>
  sign(null, Buffer.from(text, 'utf8'), key.privateKey).toString('base64')

/** Whether `signatureBase64` is `publicKeyPem`'s signature over `text`; false on any malformed input. */
export function verifyText(publicKeyPem: string, text: string, signatureBase64: string): boolean {
  try {
    const key = createPublicKey(publicKeyPem)
    if (key.asymmetricKeyType !== 'ed25519') return false
    return verify(
      null,
      Buffer.from(text, 'utf8'),
      key,
      Buffer.from(signatureBase64.trim(), 'base64')
    )
  } catch {
    return false
  }
}
