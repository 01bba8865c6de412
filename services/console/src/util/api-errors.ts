import type { CombinedError } from 'urql'

export interface ApiErrors {
  /** Messages not tied to one input field. */
  form: string[]
  /** Messages by input field name (the API's `extensions.field`, last path segment). */
  fields: Record<string, string>
}

/** Splits an API error into messages for the form and for its fields (shown inline beside them). */
export function apiErrors(error: CombinedError | undefined | null): ApiErrors {
  const out: ApiErrors = { form: [], fields: {} }
  if (!error) return out
  if (error.networkError) out.form.push(`Network error: ${error.networkError.message}`)
  for (const e of error.graphQLErrors) {
    const field =
      typeof e.extensions?.field === 'string' ? e.extensions.field.split('.').pop() : undefined
    if (field) out.fields[field] = e.message
    else out.form.push(e.message)
  }
  return out
}
