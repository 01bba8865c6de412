import { createRequire } from 'node:module'
import type * as GraphQL from 'graphql'

// graphql 16 ships CJS and ESM builds without an "exports" map: Node (and so yoga, envelop and
// graphql-tools) load the CJS build, while bundler-style resolvers (vitest) hand our own sources
// the ESM build, and the two realms reject each other's types. Taking graphql through require
// gives every caller the one instance Node loads.
const require = createRequire(import.meta.url)
export const graphql = require('graphql') as typeof GraphQL
export const {
  GraphQLError,
  GraphQLScalarType,
  Kind,
  NoSchemaIntrospectionCustomRule,
  getOperationAST,
} = graphql
export type { GraphQLError as GraphQLErrorType } from 'graphql'
