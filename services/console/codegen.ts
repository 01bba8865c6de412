import { fileURLToPath } from 'node:url'
import type { CodegenConfig } from '@graphql-codegen/cli'

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url))

/** Where the typed documents are written (committed; the documents test checks them against the SDL). */
export const GQL_DIR = here('./src/gql/')

/**
 * Typed documents for the console from the SDL the gateway serves (schema/graphql/src/modules).
 * Every .graphql file under src/, beside its feature, holds documents; pages import the typed `...Document` exports of src/gql/graphql.ts (tree-shakeable); `npm run codegen -w @baton/console` regenerates.
 */
const config: CodegenConfig = {
  schema: here('../../schema/graphql/src/modules/*.graphql'),
  documents: here('./src/**/*.graphql'),
  silent: true,
  ignoreNoDocuments: false,
  generates: {
    [GQL_DIR]: {
      preset: 'client',
      // Each document carries its hash (`__meta__.hash`) and persisted-documents.json maps the hash
      // to the document's text: the gateway runs the console's own documents from that map
      // (trusted documents, exempt from the query cost limit), never a text sent under a known hash.
      presetConfig: {
        fragmentMasking: false,
        persistedDocuments: { mode: 'embedHashInDocument', hashAlgorithm: 'sha256' },
      },
      config: {
        useTypeImports: true,
        enumsAsTypes: true,
        strictScalars: true,
        scalars: { DateTime: 'string', Duration: 'string' },
      },
    },
  },
}

export default config
