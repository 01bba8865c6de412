/** Edit distance (insertions, deletions, substitutions), case-insensitive. */
export function editDistance(a: string, b: string): number {
  const s = a.toLowerCase()
  const t = b.toLowerCase()
  let previous = Array.from({ length: t.length + 1 }, (_, j) => j)
  for (let i = 1; i <= s.length; i++) {
    const row = [i]
    for (let j = 1; j <= t.length; j++)
      row[j] = Math.min(
        previous[j]! + 1,
        row[j - 1]! + 1,
        previous[j - 1]! + (s[i - 1] === t[j - 1] ? 0 : 1)
      )
    previous = row
  }
  return previous[t.length]!
}

/**
 * The valid name closest to a wrong one, for "did you mean …?": the smallest edit distance, if it
 * is small against the name's length (a quarter of the longer name, at least 1); else a valid
 * name that the wrong one is the tail of, or that is its tail ('tokyo' → 'Asia/Tokyo').
 */
export function closestName(wrong: string, valid: Iterable<string>): string | undefined {
  let best: string | undefined
  let bestDistance = Infinity
  const lower = wrong.toLowerCase()
  let tail: string | undefined
  for (const name of valid) {
    const d = editDistance(wrong, name)
    if (d < bestDistance) [best, bestDistance] = [name, d]
    const n = name.toLowerCase()
    if (!tail && lower.length >= 3 && (n.endsWith(`/${lower}`) || lower.endsWith(`/${n}`)))
      tail = name
  }
  if (best !== undefined && best !== wrong) {
    const limit = Math.max(1, Math.floor(Math.max(wrong.length, best.length) / 4))
    if (bestDistance <= limit) return best
  }
  return tail
}
