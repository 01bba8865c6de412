import type { FragmentDefinitionNode, SelectionSetNode, ValidationRule } from 'graphql'
import { GraphQLError, Kind } from '../graphql-runtime.ts'

export type QueryLimits = { maxDepth: number; maxCost: number }
// A `first` given as a variable is not known during validation; assume the default page size.
const VARIABLE_PAGE = 50

type Measure = { depth: number; cost: number }

function measure(
  set: SelectionSetNode,
  fragments: Map<string, FragmentDefinitionNode>,
  seen: Set<string>
): Measure {
  let depth = 0
  let cost = 0
  for (const sel of set.selections) {
    if (sel.kind === Kind.FIELD) {
      if (sel.name.value.startsWith('__')) continue // introspection is cheap and deep; not counted
      const first = sel.arguments?.find((a) => a.name.value === 'first')?.value
      const n =
        first?.kind === Kind.INT
          ? Number(first.value)
          : first?.kind === Kind.VARIABLE
            ? VARIABLE_PAGE
            : 1
      const child = sel.selectionSet
        ? measure(sel.selectionSet, fragments, seen)
        : { depth: 0, cost: 0 }
      depth = Math.max(depth, 1 + child.depth)
      cost += 1 + Math.max(1, n) * child.cost
    } else {
      const next =
        sel.kind === Kind.INLINE_FRAGMENT
          ? sel.selectionSet
          : fragments.get(sel.name.value)?.selectionSet
      if (!next || (sel.kind === Kind.FRAGMENT_SPREAD && seen.has(sel.name.value))) continue
      const inner = measure(
        next,
        fragments,
        sel.kind === Kind.FRAGMENT_SPREAD ? new Set([...seen, sel.name.value]) : seen
      )
      depth = Math.max(depth, inner.depth)
      cost += inner.cost
    }
  }
  return { depth, cost }
}

/** Refuses operations nested deeper than maxDepth or costing more than maxCost (fields × page sizes). */
export function queryLimitsRule(limits: QueryLimits): ValidationRule {
  return (context) => {
    const fragments = new Map(
      context
        .getDocument()
        .definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION)
        .map((d) => [d.name.value, d])
    )
    return {
      OperationDefinition(op) {
        const { depth, cost } = measure(op.selectionSet, fragments, new Set())
        if (depth > limits.maxDepth)
          context.reportError(
            new GraphQLError(`query depth ${depth} exceeds the limit of ${limits.maxDepth}`, {
              nodes: [op],
              extensions: { code: 'BAD_USER_INPUT', limit: 'depth' },
            })
          )
        if (cost > limits.maxCost)
          context.reportError(
            new GraphQLError(`query cost ${cost} exceeds the limit of ${limits.maxCost}`, {
              nodes: [op],
              extensions: { code: 'BAD_USER_INPUT', limit: 'cost' },
            })
          )
      },
    }
  }
}
