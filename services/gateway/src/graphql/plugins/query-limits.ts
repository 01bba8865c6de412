import type {
  DocumentNode,
  FragmentDefinitionNode,
  GraphQLField,
  GraphQLNamedType,
  GraphQLSchema,
  OperationDefinitionNode,
  SelectionSetNode,
  ValueNode,
} from 'graphql'
import { GraphQLError, Kind, graphql, type GraphQLErrorType } from '../graphql-runtime.ts'
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../cursors.ts'

/**
 * What one GraphQL document may ask for. Checked before graphql's own validation (whose
 * overlapping-fields rule is quadratic in repeated fields), so a refusal costs one linear walk.
 */
export type QueryLimits = {
  /** nesting of fields (fragments add none) */
  maxDepth: number
  /** fields × page sizes: each field 1, a field with `first` multiplies its subtree by its page */
  maxCost: number
  /** field selections written in the document, fragments counted once */
  maxFields: number
  /** fields written with an alias */
  maxAliases: number
  /** the same response name (or the same fragment spread) repeated in one selection set */
  maxDuplicates: number
  /** lexical tokens of the document (graphql's parser stops there) */
  maxTokens: number
  /** wall time the check may take before the document is refused as too expensive to check */
  budgetMs: number
}

export const DEFAULT_QUERY_LIMITS: QueryLimits = {
  maxDepth: 12,
  maxCost: 20_000,
  maxFields: 1_000,
  maxAliases: 100,
  maxDuplicates: 20,
  maxTokens: 10_000,
  budgetMs: 200,
}

export type LimitName = 'depth' | 'cost' | 'fields' | 'aliases' | 'duplicates' | 'time'
export type Refusal = { limit: LimitName; value: number; max: number; message: string }

type Measure = { depth: number; cost: number }
const fieldOf = (
  t: GraphQLNamedType | null | undefined,
  name: string
): GraphQLField<unknown, unknown> | undefined =>
  t && (graphql.isObjectType(t) || graphql.isInterfaceType(t)) ? t.getFields()[name] : undefined

class Budget {
  private readonly started = performance.now()
  private steps = 0
  constructor(private readonly ms: number) {}
  /** Counts a step; every 256 steps looks at the clock. */
  tick(): void {
    if ((++this.steps & 255) === 0 && performance.now() - this.started > this.ms)
      throw new BudgetExceeded(performance.now() - this.started)
  }
}
class BudgetExceeded extends Error {
  constructor(readonly elapsedMs: number) {
    super('budget exceeded')
  }
}

/** The page a field is counted at: its literal `first` (capped at the largest page), else its SDL default, else the resolvers' default. */
function pageOf(
  args: readonly { name: { value: string }; value: ValueNode }[] | undefined,
  def: GraphQLField<unknown, unknown> | undefined,
  variableDefaults: Map<string, ValueNode | undefined>
): number {
  const fieldFirst = def?.args.find((a) => a.name === 'first')
  let value = args?.find((a) => a.name.value === 'first')?.value
  if (value?.kind === Kind.VARIABLE) {
    // Not known until execution: its declared default when it has one, else the largest page.
    const dflt = variableDefaults.get(value.name.value)
    if (dflt?.kind !== Kind.INT) return MAX_PAGE_SIZE
    value = dflt
  }
  if (value?.kind === Kind.INT) return Math.min(Math.max(Number(value.value), 1), MAX_PAGE_SIZE)
  if (value === undefined && !fieldFirst) return 1 // a field without paging: counted once
  // No `first` (or `first: null`): what the resolver serves.
  const sdlDefault = fieldFirst?.defaultValue
  return typeof sdlDefault === 'number' ? Math.min(sdlDefault, MAX_PAGE_SIZE) : DEFAULT_PAGE_SIZE
}

/**
 * Measures a document once: every fragment's depth and cost are computed once (per type it is
 * spread on) and memoised, so a chain of fragments each spreading the previous twice costs a
 * linear walk, not 2^n. `__` fields are counted like any other.
 */
export function measureDocument(
  schema: GraphQLSchema,
  document: DocumentNode,
  limits: QueryLimits
): Refusal | null {
  const budget = new Budget(limits.budgetMs)
  try {
    return check(schema, document, limits, budget)
  } catch (e) {
    if (!(e instanceof BudgetExceeded)) throw e
    const ms = Math.round(e.elapsedMs)
    return {
      limit: 'time',
      value: ms,
      max: limits.budgetMs,
      message: `checking this query took over ${ms} ms, beyond the budget of ${limits.budgetMs} ms by ${ms - limits.budgetMs} ms`,
    }
  }
}

function check(
  schema: GraphQLSchema,
  document: DocumentNode,
  limits: QueryLimits,
  budget: Budget
): Refusal | null {
  const fragments = new Map<string, FragmentDefinitionNode>()
  const operations: OperationDefinitionNode[] = []
  for (const d of document.definitions) {
    if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d)
    else if (d.kind === Kind.OPERATION_DEFINITION) operations.push(d)
  }

  // Written size: every selection set of the document once (fragments are definitions).
  let fields = 0
  let aliases = 0
  let worstDuplicates = 0
  const countSet = (set: SelectionSetNode) => {
    const names = new Map<string, number>()
    for (const sel of set.selections) {
      budget.tick()
      const key =
        sel.kind === Kind.FIELD
          ? (sel.alias ?? sel.name).value
          : sel.kind === Kind.FRAGMENT_SPREAD
            ? `...${sel.name.value}`
            : null
      if (key !== null) {
        const n = (names.get(key) ?? 0) + 1
        names.set(key, n)
        if (n > worstDuplicates) worstDuplicates = n
      }
      if (sel.kind === Kind.FIELD) {
        fields++
        if (sel.alias) aliases++
      }
      if (sel.kind !== Kind.FRAGMENT_SPREAD && sel.selectionSet) countSet(sel.selectionSet)
    }
  }
  for (const d of document.definitions)
    if (d.kind === Kind.FRAGMENT_DEFINITION || d.kind === Kind.OPERATION_DEFINITION)
      countSet(d.selectionSet)
  const over = (limit: LimitName, value: number, max: number, what: string): Refusal | null =>
    value > max
      ? {
          limit,
          value,
          max,
          message: `${what} ${value} exceeds the limit of ${max} by ${value - max}`,
        }
      : null
  const written =
    over('fields', fields, limits.maxFields, 'query fields') ??
    over('aliases', aliases, limits.maxAliases, 'query aliases') ??
    over(
      'duplicates',
      worstDuplicates,
      limits.maxDuplicates,
      'a field or fragment repeated in one selection set:'
    )
  if (written) return written

  for (const op of operations) {
    const variableDefaults = new Map(
      (op.variableDefinitions ?? []).map((v) => [v.variable.name.value, v.defaultValue])
    )
    // Memoised per operation (variable defaults may differ between operations) and parent type.
    const memo = new Map<string, Measure>()
    const inProgress = new Set<string>()
    const measure = (set: SelectionSetNode, parent: GraphQLNamedType | null | undefined) => {
      let depth = 0
      let cost = 0
      for (const sel of set.selections) {
        budget.tick()
        if (sel.kind === Kind.FIELD) {
          const name = sel.name.value
          const def = fieldOf(parent, name)
          const fieldType =
            name === '__schema'
              ? schema.getType('__Schema')
              : name === '__type'
                ? schema.getType('__Type')
                : def
                  ? graphql.getNamedType(def.type)
                  : undefined
          const child = sel.selectionSet
            ? measure(sel.selectionSet, fieldType)
            : { depth: 0, cost: 0 }
          depth = Math.max(depth, 1 + child.depth)
          cost += 1 + pageOf(sel.arguments, def, variableDefaults) * child.cost
        } else if (sel.kind === Kind.INLINE_FRAGMENT) {
          const on = sel.typeCondition ? schema.getType(sel.typeCondition.name.value) : parent
          const inner = measure(sel.selectionSet, on)
          depth = Math.max(depth, inner.depth)
          cost += inner.cost
        } else {
          const fragment = fragments.get(sel.name.value)
          if (!fragment) continue // graphql's validation reports it
          const on = schema.getType(fragment.typeCondition.name.value) ?? parent
          const key = `${sel.name.value}@${on?.name ?? ''}`
          let inner = memo.get(key)
          if (!inner) {
            if (inProgress.has(key)) continue // a cycle: graphql's validation reports it
            inProgress.add(key)
            inner = measure(fragment.selectionSet, on)
            inProgress.delete(key)
            memo.set(key, inner)
          }
          depth = Math.max(depth, inner.depth)
          cost += inner.cost
        }
        if (cost > Number.MAX_SAFE_INTEGER) cost = Number.MAX_SAFE_INTEGER
      }
      return { depth, cost }
    }
    const root =
      op.operation === 'query'
        ? schema.getQueryType()
        : op.operation === 'mutation'
          ? schema.getMutationType()
          : schema.getSubscriptionType()
    const { depth, cost } = measure(op.selectionSet, root)
    const refused =
      over('depth', depth, limits.maxDepth, 'query depth') ??
      over('cost', cost, limits.maxCost, 'query cost')
    if (refused) return refused
  }
  return null
}

/**
 * measureDocument remembered per parsed document (yoga caches parsed documents by their text);
 * the refusal as a BAD_USER_INPUT error naming the limit, the value and by how much.
 */
export function queryLimitsChecker(limits: QueryLimits) {
  const measured = new WeakMap<DocumentNode, Refusal | null>()
  return (schema: GraphQLSchema, document: DocumentNode): GraphQLErrorType | null => {
    let refusal = measured.get(document)
    if (refusal === undefined) {
      refusal = measureDocument(schema, document, limits)
      // A budget refusal says the machine was busy as much as the document was big: not remembered.
      if (refusal?.limit !== 'time') measured.set(document, refusal)
    }
    if (!refusal) return null
    return new GraphQLError(refusal.message, {
      extensions: {
        code: 'BAD_USER_INPUT',
        limit: refusal.limit,
        value: refusal.value,
        max: refusal.max,
      },
    })
  }
}
