import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto'

// AES-256-GCM with a key derived from BATON_MASTER_KEY; the ciphertext carries its own nonce.
const keyOf = (masterKey: string) =>
  createHash('sha256').update(`baton-secrets:${masterKey}`).digest()

export function encryptSecret(masterKey: string, plaintext: string): string {
  const iv = randomBytes(12)
  const cipher = createCipheriv('aes-256-gcm', keyOf(masterKey), iv)
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()])
  return [
    'v1',
    iv.toString('base64'),
    cipher.getAuthTag().toString('base64'),
    body.toString('base64'),
  ].join('.')
}

export function decryptSecret(masterKey: string, ciphertext: string): string {
  const [version, iv, tag, body] = ciphertext.split('.')
  if (version !== 'v1' || !iv || !tag || !body) throw new Error('unrecognised secret format')
  const decipher = createDecipheriv('aes-256-gcm', keyOf(masterKey), Buffer.from(iv, 'base64'))
  decipher.setAuthTag(Buffer.from(tag, 'base64'))
  return Buffer.concat([decipher.update(Buffer.from(body, 'base64')), decipher.final()]).toString(
    'utf8'
  )
}

/** A Standard Webhooks secret: `whsec_` + base64 of 32 random bytes. */
export const generateWebhookSecret = () => `whsec_${randomBytes(32).toString('base64')}`
