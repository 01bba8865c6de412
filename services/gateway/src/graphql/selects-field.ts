import type { FieldNode, GraphQLResolveInfo, SelectionSetNode } from 'graphql'

/**
 * Whether the operation selects a field of this name anywhere below the resolver's field
 * (through inline fragments and fragment spreads): lets a list resolver load up front only
 * what its rows' fields will read.
 */
export function selectsField(
  info: Pick<GraphQLResolveInfo, 'fieldNodes' | 'fragments'>,
  name: string
): boolean {
  const seen = new Set<string>()
  const within = (set: SelectionSetNode | undefined): boolean =>
    (set?.selections ?? []).some((s) => {
      if (s.kind === 'Field') return s.name.value === name || within(s.selectionSet)
      if (s.kind === 'InlineFragment') return within(s.selectionSet)
      if (seen.has(s.name.value)) return false
      seen.add(s.name.value)
      return within(info.fragments[s.name.value]?.selectionSet)
    })
  return info.fieldNodes.some((f: FieldNode) => within(f.selectionSet))
}
