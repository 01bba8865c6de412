// What the vitest global setup (infra/src/testing/global-setup.ts) provides to every test file.
import type {} from 'vitest'
declare module 'vitest' {
  export interface ProvidedContext {
    pgAdminUrl: string
    pgTemplate: string
    temporalAddress: string
  }
}
export {}
