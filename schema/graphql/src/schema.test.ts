import { readdirSync } from 'node:fs'
import {
  buildSchema,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isObjectType,
  isScalarType,
} from 'graphql'
import { describe, expect, it } from 'vitest'
import { SDL_MODULES, schemaSdl } from './index.ts'

describe('the SDL', () => {
  const schema = buildSchema(schemaSdl)

  it('builds into one valid schema with the core names of docs/interfaces.md', () => {
    for (const name of [
      'Party',
      'Incident',
      'CustodySegment',
      'Handoff',
      'Clock',
      'Desk',
      'Agreement',
      'Escalation',
      'Bond',
      'LedgerEntry',
      'LedgerVerification',
      'CreditLine',
      'PlannedEscalation',
      'IncidentConnection',
      'LedgerConnection',
      'SimulatedIncident',
      'DateTime',
      'Duration',
    ]) {
      expect(schema.getType(name), name).toBeDefined()
    }
    expect(Object.keys(schema.getQueryType()!.getFields())).toEqual(
      expect.arrayContaining([
        'incidents',
        'incident',
        'parties',
        'scorecard',
        'escalationPreview',
        'verifyLedger',
        'simulateIncident',
      ])
    )
    expect(Object.keys(schema.getMutationType()!.getFields())).toEqual(
      expect.arrayContaining([
        'declareIncident',
        'acknowledgeIncident',
        'offerHandoff',
        'respondToHandoff',
        'setWaiting',
        'resumeWork',
        'resolveIncident',
        'reopenIncident',
        'closeIncident',
        'addComment',
        'createApiToken',
      ])
    )
    expect(Object.keys(schema.getSubscriptionType()!.getFields())).toEqual(['incidentEvents'])
  })

  it('describes every type, field, argument and enum value', () => {
    const missing: string[] = []
    for (const type of Object.values(schema.getTypeMap())) {
      if (
        type.name.startsWith('__') ||
        ['String', 'Int', 'Float', 'Boolean', 'ID'].includes(type.name)
      )
        continue
      if (!type.description) missing.push(type.name)
      if (isObjectType(type) || isInterfaceType(type) || isInputObjectType(type)) {
        for (const field of Object.values(type.getFields()))
          if (!field.description) missing.push(`${type.name}.${field.name}`)
      }
      if (isEnumType(type))
        for (const v of type.getValues()) if (!v.description) missing.push(`${type.name}.${v.name}`)
      if (isScalarType(type) && !type.description) missing.push(type.name)
    }
    expect(missing).toEqual([])
  })

  it('serves every module file, the same set graphql-codegen reads (modules/*.graphql)', () => {
    const files = readdirSync(new URL('./modules/', import.meta.url))
      .filter((f) => f.endsWith('.graphql'))
      .map((f) => f.replace(/\.graphql$/, ''))
    expect([...SDL_MODULES].sort()).toEqual(files.sort())
  })
})
