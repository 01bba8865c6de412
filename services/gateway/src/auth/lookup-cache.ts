export type LookupCache<V> = {
  /** the value kept for key when looked up within the bound, else load()'s answer (kept unless null) */
  get: (key: string, load: () => Promise<V | null>) => Promise<V | null>
  /** forgets every lookup (after a mutation here, which may have revoked a token or ended a session) */
  clear: () => void
}

const LIMIT = 10_000

/**
 * Found values kept by key for `maxAgeMs`, so a request costs no statement: a change made elsewhere
 * takes effect within that bound. Misses are not kept (a token created a moment later works at
 * once), and a lookup that overlapped a clear() is not kept.
 */
export function createLookupCache<V>(maxAgeMs: number): LookupCache<V> {
  const known = new Map<string, { value: V; at: number }>()
  let generation = 0
  return {
    async get(key, load) {
      if (maxAgeMs <= 0) return load()
      const hit = known.get(key)
      if (hit && performance.now() - hit.at < maxAgeMs) return hit.value
      const started = { at: performance.now(), generation }
      const value = await load()
      if (value === null) known.delete(key)
      else if (started.generation === generation) {
        if (known.size >= LIMIT) known.clear()
        known.set(key, { value, at: started.at })
      }
      return value
    },
    clear() {
      generation++
      known.clear()
    },
  }
}
