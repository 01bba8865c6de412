import { describe, expect, it } from 'vitest'
import type { FieldNode, FragmentDefinitionNode, OperationDefinitionNode } from 'graphql'
import { graphql } from './graphql-runtime.ts'
import { selectsField } from './selects-field.ts'

// The resolver's view of an operation: its root field's node and the document's fragments.
function infoOf(source: string) {
  const doc = graphql.parse(source)
  const op = doc.definitions.find(
    (d): d is OperationDefinitionNode => d.kind === 'OperationDefinition'
  )!
  const fragments = Object.fromEntries(
    doc.definitions
      .filter((d): d is FragmentDefinitionNode => d.kind === 'FragmentDefinition')
      .map((f) => [f.name.value, f])
  )
  return { fieldNodes: [op.selectionSet.selections[0] as FieldNode], fragments }
}

describe('selectsField', () => {
  it('finds a field at any depth, through inline fragments and fragment spreads', () => {
    expect(selectsField(infoOf('{ incidents { nodes { key clocks { state } } } }'), 'clocks')).toBe(
      true
    )
    expect(
      selectsField(
        infoOf('{ incidents { edges { node { ... on Incident { clocks { state } } } } } }'),
        'clocks'
      )
    ).toBe(true)
    expect(
      selectsField(
        infoOf(
          '{ incidents { nodes { ...Row } } } fragment Row on Incident { key ...Deeper } fragment Deeper on Incident { clocks { remaining } }'
        ),
        'clocks'
      )
    ).toBe(true)
  })
  it('is false when the field is not asked for, also outside the resolver and through a cycle of spreads', () => {
    expect(selectsField(infoOf('{ incidents { nodes { key holder { name } } } }'), 'clocks')).toBe(
      false
    )
    expect(
      selectsField(infoOf('{ incidents { nodes { key } } clocks: viewer { role } }'), 'clocks')
    ).toBe(false)
    expect(
      selectsField(
        infoOf('{ incidents { nodes { ...A } } } fragment A on Incident { key ...A }'),
        'clocks'
      )
    ).toBe(false)
  })
})
