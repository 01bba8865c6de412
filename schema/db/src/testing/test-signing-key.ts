import { signingKeyFromSeed } from '../signing/ed25519-signing-key.ts'

/** A fixed Ed25519 key for tests (exports, anchors); never Baton's real key. */
export const TEST_SIGNING_KEY = signingKeyFromSeed(Buffer.alloc(32, 7).toString('base64'))
/** Another key: what a forger who does not hold Baton's key would sign with. */
export const FORGER_SIGNING_KEY = signingKeyFromSeed(Buffer.alloc(32, 9).toString('base64'))
